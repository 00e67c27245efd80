import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import type { AlertSource } from '../../src/core/alert.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';
import { fixture, post, threadMessages, vendorHeaders, type IntakeReply } from '../http/helpers.js';

type Json = Record<string, any>; // fixtures are edited freely here
const json = (file: string): Json => JSON.parse(fixture(file).toString('utf8')) as Json;
const edit = (file: string, change: (body: Json) => void): Buffer => {
  const body = json(file);
  change(body);
  return Buffer.from(JSON.stringify(body));
};

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

async function deliver(source: AlertSource, body: Buffer, file = ''): Promise<string[]> {
  const res = await post(app, source, body, vendorHeaders(source, body, file));
  expect(res.statusCode, res.body).toBe(202);
  await app.scheduler.tick();
  return res.json<IntakeReply>().incidents;
}

const ddRecovered = 'datadog/recommended-payload.rendered.recovered.constructed.json';
const ddTriggered = edit(ddRecovered, (b) => {
  b.alert_transition = 'Triggered';
  b.alert_title = b.title = '[Triggered on {host:ip-012345}] Host is Down';
  b.id = '1234567';
});
const generic = (status: string) => Buffer.from(JSON.stringify({ title: 'Nightly backup failed', dedupKey: 'backup-nightly', status }));

/** Each source's own correlation key: a firing delivery and its resolution map to one incident. */
const PAIRS: [AlertSource, string, [Buffer, string], [Buffer, string]][] = [
  ['pagerduty', 'PagerDuty incident id', [fixture('pagerduty/incident.triggered.derived.json'), ''], [fixture('pagerduty/incident.resolved.derived.json'), '']],
  ['sentry', 'Sentry issue id', [fixture('sentry/issue.created.json'), 'issue'], [edit('sentry/issue.created.json', (b) => (b.action = 'resolved')), 'issue']],
  ['sentry', 'Sentry metric alert', [edit('sentry/metric_alert.resolved.json', (b) => (b.action = 'critical')), 'metric_alert'], [fixture('sentry/metric_alert.resolved.json'), 'metric_alert']],
  ['statuscake', 'StatusCake check', [fixture('statuscake/down.form.txt'), '.txt'], [fixture('statuscake/up.form.txt'), '.txt']],
  ['datadog', 'Datadog monitor aggregation key', [ddTriggered, ''], [fixture(ddRecovered), '']],
  ['grafana', 'Grafana groupKey', [fixture('grafana/webhook-firing.vendor-doc.json'), ''], [fixture('grafana/webhook-resolved.derived.json'), '']],
  ['generic', 'generic dedupKey', [generic('firing'), ''], [generic('resolved'), '']],
];

describe('other sources correlate by their own keys', () => {
  it.each(PAIRS)('%s (%s): firing then resolved is one incident', async (source, _key, [firing, firingFile], [resolved, resolvedFile]) => {
    const [id] = await deliver(source, firing, firingFile);
    expect(id).toMatch(/^INC-\d+$/);
    // a resend; PagerDuty's carries the same X-Webhook-Id and is answered as a duplicate
    expect(await deliver(source, firing, firingFile)).toEqual(source === 'pagerduty' ? [] : [id]);
    const alertsBefore = (await app.store.alertsOf(id!)).length;

    expect(await deliver(source, resolved, resolvedFile)).toEqual([id]);

    expect(await app.store.listIncidents()).toHaveLength(1);
    const alerts = await app.store.alertsOf(id!);
    expect(alerts).toHaveLength(alertsBefore);
    expect(alerts.every((a) => a.status === 'resolved')).toBe(true);
    // PagerDuty's own incident.resolved resolves the linked incident; other sources offer the button
    const offered = (await threadMessages(app, id!)).filter((m) => m.message.text === `All alerts of ${id} have resolved`);
    expect(offered).toHaveLength(source === 'pagerduty' ? 0 : 1);
    if (source === 'pagerduty') expect((await app.service.get(id!)).status).toBe('resolved');
  });
});

describe('events that carry no new trouble do not reopen a resolved incident', () => {
  it('PagerDuty: a priority change of the resolved PagerDuty incident does not reopen', async () => {
    const [id] = await deliver('pagerduty', fixture('pagerduty/incident.triggered.derived.json'));
    await deliver('pagerduty', fixture('pagerduty/incident.resolved.derived.json'));
    expect((await app.service.get(id!)).status).toBe('resolved'); // resolved in PagerDuty, so here too

    app.clock.advance(5 * 60_000);
    const priority = edit('pagerduty/incident.priority_updated.vendor-doc.json', (b) => (b.event.data.status = 'resolved'));
    expect(await deliver('pagerduty', priority)).toEqual([id]);

    expect((await app.service.get(id!)).status).toBe('resolved');
    expect((await app.store.timeline(id!)).map((e) => e.kind)).not.toContain('reopened');
  });

  it('Sentry: assigning a resolved issue does not reopen', async () => {
    const [id] = await deliver('sentry', fixture('sentry/issue.created.json'), 'issue');
    await deliver('sentry', edit('sentry/issue.created.json', (b) => (b.action = 'resolved')), 'issue');
    await app.interactions.action(ACTION.resolveNow, id!, ctx('Alice'));

    app.clock.advance(5 * 60_000);
    const assigned = edit('sentry/issue.created.json', (b) => ((b.action = 'assigned'), (b.data.issue.status = 'resolved')));
    expect(await deliver('sentry', assigned, 'issue')).toEqual([id]);
    expect((await app.service.get(id!)).status).toBe('resolved');
  });

  it('Sentry: an issue marked unresolved again does reopen', async () => {
    const [id] = await deliver('sentry', fixture('sentry/issue.created.json'), 'issue');
    await deliver('sentry', edit('sentry/issue.created.json', (b) => (b.action = 'resolved')), 'issue');
    await app.interactions.action(ACTION.resolveNow, id!, ctx('Alice'));
    await deliver('sentry', edit('sentry/issue.created.json', (b) => (b.action = 'unresolved')), 'issue');
    expect((await app.service.get(id!)).status).toBe('investigating');
  });
});
