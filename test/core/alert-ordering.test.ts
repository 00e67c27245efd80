/** Alert notifications arrive late, twice, truncated or bare; the incident stays true to the source. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';
import { amGroup, post, threadMessages, visibleText, type IntakeReply } from '../http/helpers.js';

const MIN = 60_000;
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

async function deliver(source: string, body: object): Promise<string[]> {
  const res = await post(app, source, body);
  expect(res.statusCode, res.body).toBe(202);
  await app.scheduler.tick();
  return res.json<IntakeReply>().incidents;
}

describe('stale notifications', () => {
  it('a retry of an old "firing" body after the alert resolved changes nothing', async () => {
    const firing = amGroup('CheckoutDown', [{ fingerprint: 'c1' }]);
    const [id] = await deliver('alertmanager', firing);
    await deliver('alertmanager', amGroup('CheckoutDown', [{ fingerprint: 'c1', status: 'resolved' }]));
    await app.interactions.action(ACTION.resolveNow, id!, ctx('Alice'));
    app.clock.advance(2 * MIN);
    await deliver('alertmanager', firing); // byte for byte the first notification, retried late

    expect((await app.service.get(id!)).status).toBe('resolved');
    expect((await app.store.alertsOf(id!)).map((a) => a.status)).toEqual(['resolved']);
    expect((await app.store.timeline(id!)).map((e) => e.kind)).not.toContain('reopened');
  });

  it('a late "resolved" of an earlier firing does not resolve the firing that followed it', async () => {
    const [id] = await deliver('alertmanager', amGroup('CheckoutDown', [{ fingerprint: 'c1' }]));
    const oldResolution = amGroup('CheckoutDown', [{ fingerprint: 'c1', status: 'resolved', endsAt: '2026-01-05T09:10:00Z' }]);
    await deliver('alertmanager', oldResolution);
    app.clock.advance(20 * MIN);
    await deliver('alertmanager', amGroup('CheckoutDown', [{ fingerprint: 'c1', startsAt: '2026-01-05T09:20:00Z' }]));
    await deliver('alertmanager', oldResolution); // an HA peer lagging behind

    expect((await app.store.alertsOf(id!)).map((a) => a.status)).toEqual(['firing']);
  });
});

describe('what a notification leaves out', () => {
  it('a bare generic "resolved" keeps the alert\'s labels and links and records when it ended', async () => {
    const [id] = await deliver('generic', { title: 'Checkout error rate above 5%', dedupKey: 'checkout-errors', labels: { service: 'checkout' }, links: ['https://grafana.example/d/1'] });
    app.clock.advance(5 * MIN);
    await deliver('generic', { title: 'Checkout error rate above 5%', dedupKey: 'checkout-errors', status: 'resolved' });

    const [alert] = await app.store.alertsOf(id!);
    expect(alert).toMatchObject({ status: 'resolved', labels: { service: 'checkout' }, links: [{ url: 'https://grafana.example/d/1' }], endedAt: app.clock.now() });
  });

  it('an Alertmanager group that was truncated says how many alerts it did not list', async () => {
    const [id] = await deliver('alertmanager', amGroup('DiskFull', [{ fingerprint: 'd1' }, { fingerprint: 'd2' }], { truncatedAlerts: 7 }));
    const alerts = (await threadMessages(app, id!)).map((m) => visibleText(m.message)).find((t) => t.includes('**Alerts**'));

    expect(alerts).toContain('left 7 more alerts of this group out of its last notification');
    await deliver('alertmanager', amGroup('DiskFull', [{ fingerprint: 'd1' }, { fingerprint: 'd2' }]));
    const after = (await threadMessages(app, id!)).map((m) => visibleText(m.message)).find((t) => t.includes('**Alerts**'));
    expect(after).not.toContain('left');
  });
});

describe('group titles', () => {
  it('names an Alertmanager incident by its group labels, with the common summary as its description', async () => {
    const body = amGroup('HighErrorRate', [{ fingerprint: 'a', summary: 'first alert summary', labels: { service: 'checkout' } }, { fingerprint: 'b', labels: { service: 'checkout' } }]);
    const [id] = await deliver('alertmanager', { ...body, groupLabels: { alertname: 'HighErrorRate', service: 'checkout' }, commonAnnotations: { summary: '5xx above 5% on checkout' } });

    expect(await app.service.get(id!)).toMatchObject({ title: 'HighErrorRate · service=checkout', description: '5xx above 5% on checkout' });
  });
});

describe('Datadog monitors', () => {
  it('a re-trigger of the same monitor soon after recovery reopens its incident instead of opening another', async () => {
    const monitor = { aggreg_key: 'agg-1', alert_id: '1234', title: '[Triggered] Checkout latency high', alert_transition: 'Triggered' };
    const [id] = await deliver('datadog', { ...monitor, alert_cycle_key: 'cycle-1' });
    await deliver('datadog', { ...monitor, alert_cycle_key: 'cycle-1', title: '[Recovered] Checkout latency high', alert_transition: 'Recovered' });
    await app.interactions.action(ACTION.resolveNow, id!, ctx('Alice'));
    app.clock.advance(5 * MIN);

    expect(await deliver('datadog', { ...monitor, alert_cycle_key: 'cycle-2' })).toEqual([id]);
    expect(await app.store.listIncidents()).toHaveLength(1);
    expect((await app.service.get(id!)).status).toBe('investigating');
  });
});
