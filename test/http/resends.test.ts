/**
 * Alertmanager resends every firing group each `group_interval`, byte for byte. A resend of the
 * group's last delivery is answered from the group's digest without the incident's whole path;
 * anything that could change something takes that path.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, post, type IntakeReply } from './helpers.js';

let app: TestApp;
afterEach(async () => {
  vi.restoreAllMocks();
  await app?.close();
});

const firing = amGroup('CheckoutErrors', [{ fingerprint: 'a1' }, { fingerprint: 'a2' }]);

async function alertsOf(id: string): Promise<{ dedupKey: string; status: string; lastSeenAt: string }[]> {
  const res = await app.server.inject({ method: 'GET', url: `/api/incidents/${id}` });
  return (res.json() as { alerts: { dedupKey: string; status: string; lastSeenAt: string }[] }).alerts;
}

describe('alert resends', () => {
  it("answers a resend of the group's last delivery without a transaction, and moves only its alerts' last-seen time", async () => {
    app = await createTestApp();
    const first = await post(app, 'alertmanager', firing);
    expect(first.json<IntakeReply>().incidents).toEqual(['INC-1']);
    await app.scheduler.tick();
    const timeline = (await app.store.timeline('INC-1')).length;
    const queued = await app.store.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    app.clock.advance(60_000);
    const transactions = vi.spyOn(app.store, 'transaction');
    const resend = await post(app, 'alertmanager', firing);
    expect(resend.statusCode).toBe(202);
    expect(resend.json<IntakeReply>()).toEqual({ accepted: 2, incidents: ['INC-1'], ignored: 0 });
    expect(transactions).not.toHaveBeenCalled();

    transactions.mockRestore();
    await app.store.transaction(async () => undefined); // the commit after it carries the last-seen times
    expect((await alertsOf('INC-1')).map((a) => [a.dedupKey, a.lastSeenAt])).toEqual([
      ['a1', new Date(app.clock.now()).toISOString()],
      ['a2', new Date(app.clock.now()).toISOString()],
    ]);
    expect((await app.store.timeline('INC-1')).length).toBe(timeline);
    const after = await app.store.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(queued.n));
  });

  it('takes the whole path for a delivery that differs by one byte, and then knows the new one as the resend', async () => {
    app = await createTestApp();
    await post(app, 'alertmanager', firing);
    const changed = amGroup('CheckoutErrors', [{ fingerprint: 'a1' }, { fingerprint: 'a2', status: 'resolved' }]);
    const transactions = vi.spyOn(app.store, 'transaction');
    await post(app, 'alertmanager', changed);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect((await alertsOf('INC-1')).map((a) => a.status)).toEqual(['firing', 'resolved']);
    expect((await app.store.timeline('INC-1')).some((e) => e.kind === 'alert_resolved')).toBe(true);

    await post(app, 'alertmanager', changed);
    expect(transactions).toHaveBeenCalledTimes(1);
    // The older delivery is no longer the group's last: it takes the whole path (and, being older, changes nothing).
    await post(app, 'alertmanager', firing);
    expect(transactions).toHaveBeenCalledTimes(2);
  });

  it("takes the whole path after another group's delivery told one of the group's alerts", async () => {
    app = await createTestApp();
    await post(app, 'alertmanager', firing);
    const transactions = vi.spyOn(app.store, 'transaction');
    await post(app, 'alertmanager', firing); // known as a resend (and remembered as one)
    expect(transactions).not.toHaveBeenCalled();
    // The same alert (fingerprint a1) routed into a second group too.
    const other = amGroup('CheckoutLatency', [{ fingerprint: 'a1' }, { fingerprint: 'b1' }]);
    expect((await post(app, 'alertmanager', other)).json<IntakeReply>().incidents).toEqual(['INC-2']);
    transactions.mockClear();
    const resend = await post(app, 'alertmanager', firing);
    expect(resend.json<IntakeReply>().incidents).toEqual(['INC-1']);
    expect(transactions).toHaveBeenCalledTimes(1);
    // The whole path took a1 back into INC-1.
    const events = await app.store.timeline('INC-1');
    expect(events.filter((e) => e.kind === 'alert_added' && (e.data as { dedupKey?: string }).dedupKey === 'a1')).toHaveLength(2);
  });

  it('takes the whole path for a delivery with ignored alerts, whose answer counts them', async () => {
    app = await createTestApp({ policy: 'alerts:\n  routes:\n  - match: { labels: { instance: a2 } }\n    ignore: true\n' });
    const transactions = vi.spyOn(app.store, 'transaction');
    await post(app, 'alertmanager', firing);
    const again = await post(app, 'alertmanager', firing);
    expect(again.json<IntakeReply>()).toEqual({ accepted: 1, incidents: ['INC-1'], ignored: 1 });
    expect(transactions).toHaveBeenCalledTimes(2);
  });

  it('knows no resend across a change of policy: the first delivery under the new one takes the whole path', async () => {
    app = await createTestApp();
    await post(app, 'alertmanager', firing);
    const dir = app.dir;
    await app.stop();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    app = await createTestApp({ dir, policy: 'alerts:\n  routes:\n  - match: { labels: { instance: a2 } }\n    ignore: true\n' });
    const transactions = vi.spyOn(app.store, 'transaction');
    expect((await post(app, 'alertmanager', firing)).json<IntakeReply>()).toEqual({ accepted: 1, incidents: ['INC-1'], ignored: 1 });
    expect(transactions).toHaveBeenCalledTimes(1);
  });
});
