import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';
import { actionIds, amGroup, post, threadMessages, visibleText, type AmAlertSpec, type IntakeReply } from '../http/helpers.js';

const MIN = 60_000;
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

/** Posts an Alertmanager notification, answers the incident ids, then delivers the outbox. */
async function notify(group: string, alerts: AmAlertSpec[], options: Parameters<typeof amGroup>[2] = {}): Promise<string[]> {
  const res = await post(app, 'alertmanager', amGroup(group, alerts, options));
  expect(res.statusCode, res.body).toBe(202);
  await app.scheduler.tick();
  return res.json<IntakeReply>().incidents;
}

async function alertStatuses(id: string): Promise<Record<string, string>> {
  return Object.fromEntries((await app.store.alertsOf(id)).map((a) => [a.dedupKey, a.status]));
}

async function alertsMessage(id: string): Promise<string> {
  const texts = (await threadMessages(app, id)).map((m) => visibleText(m.message));
  return texts.find((t) => t.includes('**Alerts**')) ?? '';
}

describe('Alertmanager correlation by groupKey', () => {
  it('opens one incident per group', async () => {
    const [a] = await notify('CheckoutDown', [{ fingerprint: 'c1' }]);
    const [b] = await notify('SearchSlow', [{ fingerprint: 's1' }]);
    expect(await notify('CheckoutDown', [{ fingerprint: 'c1' }])).toEqual([a]);
    expect(a).not.toBe(b);
    expect(await app.store.listIncidents()).toHaveLength(2);
  });

  it('resends and an HA peer’s copy change nothing but lastSeenAt', async () => {
    const alerts = [{ fingerprint: 'p1' }, { fingerprint: 'p2' }];
    const [id] = await notify('PaymentsDown', alerts);
    const before = { timeline: await app.store.timeline(id!), alerts: await app.store.alertsOf(id!), web: await app.store.webMessages.list({}) };
    expect(before.web.length).toBeGreaterThan(2);

    for (let i = 0; i < 3; i++) {
      app.clock.advance(MIN);
      expect(await notify('PaymentsDown', alerts)).toEqual([id]);
    }
    app.clock.advance(MIN);
    expect(await notify('PaymentsDown', alerts, { externalURL: 'http://am-2.example:9093' })).toEqual([id]); // the HA peer

    expect(await app.store.timeline(id!)).toEqual(before.timeline);
    expect(await app.store.webMessages.list({})).toEqual(before.web);
    const after = await app.store.alertsOf(id!);
    expect(after.map((a) => a.lastSeenAt)).toEqual([app.clock.now(), app.clock.now()]);
    expect(after.map(({ lastSeenAt: _l, links: _k, ...rest }) => rest)).toEqual(before.alerts.map(({ lastSeenAt: _l, links: _k, ...rest }) => rest));
  });

  it('a new alert joins the same incident and shows in the alerts message and the header', async () => {
    const [id] = await notify('DiskFull', [{ fingerprint: 'd1' }, { fingerprint: 'd2' }]);
    expect(await alertsMessage(id!)).toContain('2 firing, 0 resolved');

    app.clock.advance(5 * MIN);
    expect(await notify('DiskFull', [{ fingerprint: 'd1' }, { fingerprint: 'd2' }, { fingerprint: 'd3', summary: 'Disk full on db-3' }])).toEqual([id]);

    const text = await alertsMessage(id!);
    expect(text).toContain('3 firing, 0 resolved');
    expect(text).toContain('Disk full on db-3');
    expect((await app.store.timeline(id!)).filter((e) => e.kind === 'alert_added')).toHaveLength(3);
    const [header] = await threadMessages(app, id!);
    expect(visibleText(header!.message)).toContain('3 of 3 alerts firing');
  });

  it('with truncatedAlerts > 0 the alerts missing from a notification are not resolved', async () => {
    const [id] = await notify('Truncated', [{ fingerprint: 't1' }, { fingerprint: 't2' }, { fingerprint: 't3' }]);
    await notify('Truncated', [{ fingerprint: 't1', status: 'resolved' }], { status: 'resolved', truncatedAlerts: 2 });
    expect(await alertStatuses(id!)).toEqual({ t1: 'resolved', t2: 'firing', t3: 'firing' });

    // the same notification without truncation means the whole group has resolved
    await notify('Truncated', [{ fingerprint: 't2', status: 'resolved' }], { status: 'resolved' });
    expect(await alertStatuses(id!)).toEqual({ t1: 'resolved', t2: 'resolved', t3: 'resolved' });
  });

  it('a firing group carrying one resolved alert resolves just that alert', async () => {
    const [id] = await notify('Latency', [{ fingerprint: 'l1' }, { fingerprint: 'l2' }]);
    await notify('Latency', [{ fingerprint: 'l1' }, { fingerprint: 'l2', status: 'resolved' }]);
    expect(await alertStatuses(id!)).toEqual({ l1: 'firing', l2: 'resolved' });
    expect(await alertsMessage(id!)).toContain('1 firing, 1 resolved');
    expect((await app.service.get(id!)).status).toBe('investigating');
  });

  it('when every alert resolves the thread says so and offers “Resolve incident”', async () => {
    const [id] = await notify('QueueBacklog', [{ fingerprint: 'q1' }, { fingerprint: 'q2' }]);
    await notify('QueueBacklog', [{ fingerprint: 'q2', status: 'resolved' }], { status: 'resolved' });

    const messages = await threadMessages(app, id!);
    const allResolved = messages.filter((m) => m.message.text === `All alerts of ${id} have resolved`);
    expect(allResolved).toHaveLength(1);
    expect(actionIds(allResolved[0]!.message)).toEqual([ACTION.resolveNow]);
    expect((await app.service.get(id!)).status).toBe('investigating');

    await notify('QueueBacklog', [{ fingerprint: 'q2', status: 'resolved' }], { status: 'resolved' }); // resent
    expect((await threadMessages(app, id!)).filter((m) => m.message.text === `All alerts of ${id} have resolved`)).toHaveLength(1);

    await app.interactions.action(ACTION.resolveNow, id!, ctx('Alice'));
    expect((await app.service.get(id!)).status).toBe('resolved');
  });

  it('re-firing within 30 min of resolution reopens the incident; after the window it opens a new one', async () => {
    const [id] = await notify('Flapping', [{ fingerprint: 'f1' }]);
    await notify('Flapping', [{ fingerprint: 'f1', status: 'resolved' }]);
    await app.interactions.action(ACTION.resolveNow, id!, ctx('Alice'));

    app.clock.advance(29 * MIN);
    const refire = () => ({ fingerprint: 'f1', startsAt: new Date(app.clock.now()).toISOString() }); // a new firing starts anew
    const resolution = () => ({ fingerprint: 'f1', status: 'resolved' as const, endsAt: new Date(app.clock.now()).toISOString() });
    expect(await notify('Flapping', [refire()])).toEqual([id]);
    expect((await app.service.get(id!)).status).toBe('investigating');
    expect((await app.store.timeline(id!)).map((e) => e.kind)).toContain('reopened');

    await notify('Flapping', [resolution()]);
    await app.interactions.action(ACTION.resolveNow, id!, ctx('Alice'));
    app.clock.advance(31 * MIN);
    const [next] = await notify('Flapping', [refire()]);
    expect(next).not.toBe(id);
    expect((await app.service.get(id!)).status).toBe('resolved');
    expect(await alertStatuses(next!)).toEqual({ f1: 'firing' });
    // The first incident keeps its own record of the alert, for its header and post-mortem.
    expect(await alertStatuses(id!)).toEqual({ f1: 'resolved' });
    expect(await notify('Flapping', [refire()])).toEqual([next]);
    await notify('Flapping', [resolution()]);
    expect(await alertStatuses(next!)).toEqual({ f1: 'resolved' });
    expect(await alertStatuses(id!)).toEqual({ f1: 'resolved' });
  });

  it('resends of a still-firing alert after a manual resolve do not reopen', async () => {
    const [id] = await notify('NoisyButFixed', [{ fingerprint: 'n1' }]);
    await app.interactions.command('resolve rolled back', ctx('Alice', id));

    for (const minutes of [1, 10, 45]) {
      app.clock.advance(minutes * MIN);
      expect(await notify('NoisyButFixed', [{ fingerprint: 'n1' }])).toEqual([id]);
    }
    expect((await app.service.get(id!)).status).toBe('resolved');
    expect(await app.store.listIncidents()).toHaveLength(1);
    expect((await app.store.timeline(id!)).map((e) => e.kind)).not.toContain('reopened');
  });

  it('a routing rule with autoResolve resolves the incident when every alert has resolved', async () => {
    await app.close();
    app = await createTestApp({ policy: 'alerts:\n  routes:\n  - match: { labels: { alertname: Blip } }\n    autoResolve: true\n' });
    const [id] = await notify('Blip', [{ fingerprint: 'b1' }, { fingerprint: 'b2' }]);
    await notify('Blip', [{ fingerprint: 'b1', status: 'resolved' }, { fingerprint: 'b2' }]);
    expect((await app.service.get(id!)).status).toBe('investigating');

    await notify('Blip', [{ fingerprint: 'b2', status: 'resolved' }], { status: 'resolved' });
    expect((await app.service.get(id!)).status).toBe('resolved');
    expect((await threadMessages(app, id!)).some((m) => m.message.text === `${id} resolved: all alerts resolved`)).toBe(true);
  });
});
