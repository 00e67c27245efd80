import { describe, expect, it } from 'vitest';
import { sentrySource } from '../../src/alerts/sentry.js';
import { fixtureBytes, fixtureJson, intake, issuePaths, NO_SECRETS } from './helpers.js';

// fixtures are edited freely in these tests
type Json = Record<string, any>;
const parse = (body: Buffer | object, resource?: string) =>
  sentrySource.parse(intake(body, { 'sentry-hook-resource': resource }));
const EVENT_ALERT = 'sentry/event_alert.issue-alert.triggered.json';
const ISSUE = 'sentry/issue.created.json';
const METRIC = 'sentry/metric_alert.resolved.json';

describe('sentry fixtures', () => {
  it('maps an issue alert (event_alert)', () => {
    const batch = parse(fixtureBytes(EVENT_ALERT), 'event_alert');
    expect(batch).toMatchObject({ truncated: false });
    expect(batch.alerts).toHaveLength(1);
    expect(batch.alerts[0]).toMatchObject({
      source: 'sentry',
      groupKey: '1117540176',
      dedupKey: '1117540176',
      status: 'firing',
      title: 'ReferenceError: heck is not defined',
      summary: 'Alert rule: Very Important Alert Rule!\nCulprit: ?(<anonymous>)',
      severityHint: 'error',
      startedAt: Date.parse('2019-08-19T21:06:17.677Z'),
      links: [
        {
          label: 'Sentry',
          url: 'https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/',
        },
      ],
    });
    expect(batch.alerts[0]?.labels).toMatchObject({ project: '1', triggered_rule: 'Very Important Alert Rule!' });
  });

  it('maps an issue (created), pretty and compact', () => {
    const batch = parse(fixtureBytes(ISSUE), 'issue');
    expect(batch.alerts[0]).toMatchObject({
      groupKey: '1170820242',
      dedupKey: '1170820242',
      status: 'firing',
      title: 'ReferenceError: blooopy is not defined',
      severityHint: 'error',
      links: [],
      labels: { action: 'created', project: 'front-end', short_id: 'FRONT-END-9', issue_status: 'unresolved' },
    });
    expect(parse(fixtureBytes('sentry/issue.created.compact.body.json'), 'issue')).toEqual(batch);
  });

  it('maps a resolved metric alert, keyed by its alert rule', () => {
    const [alert] = parse(fixtureBytes(METRIC), 'metric_alert').alerts;
    expect(alert).toMatchObject({
      groupKey: 'metric:7',
      dedupKey: 'metric:7',
      status: 'resolved',
      title: 'Too many errors',
      summary: '1000 events in the last 10 minutes\\nFilter: level:error',
      severityHint: undefined,
      links: [{ label: 'Sentry', url: 'https://sentry.io/organizations/baz/alerts/1/' }],
      startedAt: Date.parse('2020-09-13T12:26:40Z'),
      endedAt: undefined,
    });
  });

  it('infers the resource from the body when the header is missing', () => {
    expect(parse(fixtureBytes(EVENT_ALERT)).alerts[0]?.dedupKey).toBe('1117540176');
    expect(parse(fixtureBytes(ISSUE)).alerts[0]?.dedupKey).toBe('1170820242');
    expect(parse(fixtureBytes(METRIC)).alerts[0]?.dedupKey).toBe('metric:7');
    expect(issuePaths(() => parse({ action: 'x', data: { other: 1 } }))).toEqual(['data']);
  });
});

describe('sentry actions and resources', () => {
  const issue = fixtureJson<Json>(ISSUE);
  const metric = fixtureJson<Json>(METRIC);

  it.each([
    ['created', 'firing'],
    ['unresolved', 'firing'],
    ['assigned', 'firing'],
    ['resolved', 'resolved'],
  ])('issue %s → %s', (action, status) => {
    expect(parse({ ...issue, action }, 'issue').alerts[0]?.status).toBe(status);
  });

  it.each([
    ['critical', 'firing', 'critical'],
    ['warning', 'firing', 'warning'],
    ['resolved', 'resolved', undefined],
  ])('metric_alert %s → %s', (action, status, severityHint) => {
    expect(parse({ ...metric, action }, 'metric_alert').alerts[0]).toMatchObject({ status, severityHint });
  });

  it('falls back to the event id and to the metric alert id', () => {
    const event = fixtureJson<Json>(EVENT_ALERT);
    delete event['data']['event']['issue_id'];
    expect(parse(event, 'event_alert').alerts[0]?.dedupKey).toBe('e4874d664c3540c1a32eab185f12c5ab');
    const ruleless = fixtureJson<Json>(METRIC);
    delete ruleless['data']['metric_alert']['alert_rule'];
    expect(parse(ruleless, 'metric_alert').alerts[0]?.dedupKey).toBe('metric:4');
  });

  it('ignores installation and unknown resources', () => {
    const installation = { action: 'created', data: { installation: { uuid: 'u' } } };
    expect(parse(installation, 'installation')).toEqual({ alerts: [], truncated: false });
    expect(parse(issue, 'comment').alerts).toEqual([]);
  });

  it('names failing fields', () => {
    const event = fixtureJson<Json>(EVENT_ALERT);
    delete event['data']['event']['issue_id'];
    delete event['data']['event']['event_id'];
    expect(issuePaths(() => parse(event, 'event_alert'))).toEqual(['data.event.issue_id']);
    const broken = fixtureJson<Json>(ISSUE);
    delete broken['data']['issue']['id'];
    expect(issuePaths(() => parse(broken, 'issue'))).toEqual(['data.issue.id']);
    expect(issuePaths(() => parse({ data: {} }, 'issue'))).toEqual(['action']);
    expect(issuePaths(() => parse({ action: 'created', data: {} }, 'metric_alert'))).toEqual(['data.metric_alert']);
  });
});

describe('sentry signatures', () => {
  const vector = fixtureJson<{ client_secret: string; headers: Record<string, string> }>('sentry/signature-test-vector.json');
  const body = fixtureBytes('sentry/issue.created.compact.body.json');
  const signature = vector.headers['Sentry-Hook-Signature'] ?? '';
  const secrets = { ...NO_SECRETS, sentryClientSecret: vector.client_secret };

  it('verifies the test vector, with the current or the legacy header', () => {
    const headers = Object.fromEntries(Object.entries(vector.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(sentrySource.authenticate(intake(body, headers), secrets, false)).toEqual({ ok: true });
    expect(sentrySource.authenticate(intake(body, { 'sentry-app-signature': signature }), secrets, false)).toEqual({ ok: true });
    expect(sentrySource.parse(intake(body, headers)).alerts[0]?.dedupKey).toBe('1170820242');
  });

  it('refuses a tampered body, a wrong secret and a missing signature', () => {
    const pretty = fixtureBytes(ISSUE); // same JSON, different bytes
    expect(sentrySource.authenticate(intake(pretty, { 'sentry-hook-signature': signature }), secrets, true).ok).toBe(false);
    const wrong = { ...secrets, sentryClientSecret: 'other' };
    expect(sentrySource.authenticate(intake(body, { 'sentry-hook-signature': signature }), wrong, true).ok).toBe(false);
    expect(sentrySource.authenticate(intake(body), secrets, true).ok).toBe(false);
  });

  it('uses the token rule without a client secret', () => {
    expect(sentrySource.authenticate(intake(body, { 'sentry-hook-signature': signature }), NO_SECRETS, false).ok).toBe(false);
    expect(sentrySource.authenticate(intake(body), NO_SECRETS, true)).toEqual({ ok: true });
  });
});
