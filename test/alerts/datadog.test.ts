import { describe, expect, it } from 'vitest';
import { datadogSource } from '../../src/alerts/datadog.js';
import { fixtureBytes, fixtureJson, intake, issuePaths, NO_SECRETS } from './helpers.js';

const parse = (body: Buffer | object) => datadogSource.parse(intake(body));
const DEFAULT = 'datadog/default-payload.rendered.triggered.constructed.json';
const RECOMMENDED = 'datadog/recommended-payload.rendered.recovered.constructed.json';
const recommended = fixtureJson<Record<string, string>>(RECOMMENDED);

describe('datadog fixtures', () => {
  it('maps the default payload (triggered)', () => {
    const batch = parse(fixtureBytes(DEFAULT));
    expect(batch.truncated).toBe(false);
    const alert = batch.alerts[0];
    expect(alert).toMatchObject({
      source: 'datadog',
      status: 'firing',
      title: 'Host is Down',
      summary: '@webhook-chatops-bot Sending to the webhook\n\nsystem.load.1 over host:my-host was > 0 at least once during the last 1m',
      labels: { event_type: 'query_alert_monitor', alert_scope: '{host:ip-012345}', org: 'Datadog' },
      startedAt: 1406662672000,
      endedAt: undefined,
    });
    expect(alert?.dedupKey).toMatch(/^title:[0-9a-f]{16}$/);
    expect(alert?.groupKey).toBe(alert?.dedupKey);
  });

  it('correlates a default-payload recovery with its trigger (the event id differs)', () => {
    const triggered = fixtureJson<Record<string, string>>(DEFAULT);
    const recovered = { ...triggered, id: '1234568', title: '[Recovered on {host:ip-012345}] Host is Down' };
    const other = { ...triggered, title: '[Triggered on {host:ip-999}] Host is Down' };
    const [t] = parse(triggered).alerts;
    const [r] = parse(recovered).alerts;
    expect(r).toMatchObject({ status: 'resolved', dedupKey: t?.dedupKey, endedAt: 1406662672000 });
    expect(parse(other).alerts[0]?.dedupKey).not.toBe(t?.dedupKey);
  });

  it('maps the recommended payload (recovered)', () => {
    const [alert] = parse(fixtureBytes(RECOMMENDED)).alerts;
    expect(alert).toMatchObject({
      groupKey: '9bd4ac313a4d1e8fae2482df7b77628',
      dedupKey: '9bd4ac313a4d1e8fae2482df7b77628',
      status: 'resolved',
      title: 'Host is Down',
      summary: 'system.load.1 over host:my-host was > 0 at least once during the last 1m',
      severityHint: 'P1',
      endedAt: 1406662972000,
      startedAt: undefined,
      links: [
        { label: 'Datadog', url: 'https://app.datadoghq.com/event/jump_to?event_id=123456' },
        { label: 'Snapshot', url: 'https://p.datadoghq.com/path-to-snapshot' },
      ],
    });
    expect(alert?.labels).toMatchObject({
      hostname: 'my-host',
      alert_transition: 'Recovered',
      alert_id: '1234',
      alert_scope: 'availability-zone:us-east-1a, role:computing-node',
      name: 'myService',
      role: 'computing-node',
    });
  });

  it('parses both templates without leaking unsubstituted $VARIABLES', () => {
    for (const file of ['datadog/default-payload.template.json', 'datadog/recommended-payload.template.json']) {
      const batch = parse(fixtureBytes(file));
      expect(batch.alerts).toHaveLength(1);
      expect(batch.alerts[0]).toMatchObject({ title: 'Datadog alert', status: 'firing', labels: {} });
      expect(JSON.stringify(batch)).not.toContain('$');
    }
  });
});

describe('datadog keys and statuses', () => {
  it('keys an alert by its monitor: the aggregation key, then the monitor id, then the cycle key', () => {
    expect(parse(recommended).alerts[0]?.dedupKey).toBe('9bd4ac313a4d1e8fae2482df7b77628');
    expect(parse({ ...recommended, alert_cycle_key: '123' }).alerts[0]?.dedupKey).toBe('9bd4ac313a4d1e8fae2482df7b77628');
    const { aggreg_key: _aggreg, ...noAggreg } = recommended;
    expect(parse(noAggreg).alerts[0]?.dedupKey).toBe('1234');
    const { alert_id: _id, ...onlyCycle } = noAggreg;
    expect(parse(onlyCycle).alerts[0]?.dedupKey).toBe('7006578457395000000');
    expect(parse({ ...recommended, aggreg_key: '$AGGREG_KEY' }).alerts[0]?.dedupKey).toBe('1234');
  });

  it.each(['Triggered', 'Re-Triggered', 'Warn', 'Re-Warn', 'No Data', 'Re-No Data', 'Renotify'])(
    'alert_transition %s → firing',
    (transition) => {
      expect(parse({ ...recommended, alert_transition: transition }).alerts[0]?.status).toBe('firing');
    },
  );

  it('falls back to the title prefix without alert_transition', () => {
    const { alert_transition: _t, ...rest } = recommended;
    expect(parse(rest).alerts[0]?.status).toBe('resolved');
    expect(parse({ ...rest, alert_title: '[P1] [Triggered] Disk full' }).alerts[0]).toMatchObject({
      status: 'firing',
      title: 'Disk full',
    });
  });

  it('accepts upper-case field names', () => {
    const upper = Object.fromEntries(Object.entries(recommended).map(([k, v]) => [k.toUpperCase(), v]));
    expect(parse(upper).alerts[0]).toMatchObject({ dedupKey: '9bd4ac313a4d1e8fae2482df7b77628', status: 'resolved' });
  });

  it('names failing fields', () => {
    expect(issuePaths(() => parse({ ...recommended, title: { text: 'x' }, alert_id: [] })).sort()).toEqual([
      'alert_id',
      'title',
    ]);
    expect(issuePaths(() => parse({ org: 'Datadog' }))).toEqual(['org']);
    expect(issuePaths(() => parse(Buffer.from('"just a string"')))).toEqual(['']);
  });

  it('uses the token rule', () => {
    const secrets = { ...NO_SECRETS, webhookToken: 'dd' };
    expect(datadogSource.authenticate(intake('{}', { authorization: 'Bearer dd' }), secrets, false)).toEqual({ ok: true });
    expect(datadogSource.authenticate(intake('{}'), secrets, false).ok).toBe(false);
  });
});
