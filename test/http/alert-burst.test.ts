/**
 * During a burst, alert deliveries are stored as they came (once authenticated) and answered 202
 * `queued: true`; the intake loop then parses and ingests them in arrival order. Here every
 * delivery is a burst (`maxInFlight: 0`) and the test drives the loop with `scheduler.tick()`.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, fixture, post, vendorHeaders, type IntakeReply } from './helpers.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const bursting = (extra: Record<string, unknown> = {}) => createTestApp({ app: { intake: { maxInFlight: 0, ...extra } } });

async function queuedRows(): Promise<number> {
  const row = await app.store.db.selectFrom('queued_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('an alert burst', () => {
  it('stores each delivery before its 202 and ingests them in arrival order: the group ends as its last delivery says', async () => {
    app = await bursting();
    const steps = [
      amGroup('CheckoutErrors', [{ fingerprint: 'a1' }, { fingerprint: 'a2' }]),
      amGroup('PaymentsDown', [{ fingerprint: 'p1' }]),
      amGroup('CheckoutErrors', [{ fingerprint: 'a1' }, { fingerprint: 'a2', status: 'resolved' }]),
      amGroup('CheckoutErrors', [{ fingerprint: 'a1', status: 'resolved' }, { fingerprint: 'a2', status: 'resolved' }]),
    ];
    for (const body of steps) {
      const res = await post(app, 'alertmanager', body);
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ queued: true });
    }
    expect(await queuedRows()).toBe(4);
    expect(await app.store.listIncidents()).toEqual([]);
    expect(app.intake.queued).toBe(4);

    await app.scheduler.tick();
    expect(await queuedRows()).toBe(0);
    expect(app.intake.queued).toBe(0);
    const incidents = (await app.store.listIncidents()).reverse();
    expect(incidents.map((i) => i.title)).toEqual([expect.stringContaining('CheckoutErrors'), expect.stringContaining('PaymentsDown')]);
    const alerts = await app.store.alertsOf('INC-1');
    expect(alerts.map((a) => [a.dedupKey, a.status])).toEqual([['a1', 'resolved'], ['a2', 'resolved']]);
    const kinds = (await app.store.timeline('INC-1')).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'alert_resolved')).toHaveLength(2);
    expect(kinds).toContain('alerts_resolved');
    expect(app.logs.some((l) => l.msg === 'alert burst: deliveries are queued on disk and ingested in arrival order')).toBe(true);
    expect(app.logs.some((l) => l.msg === 'alert burst over: every queued delivery is ingested')).toBe(true);
  });

  it('keeps what it queued across a restart and ingests it at the next start', async () => {
    app = await bursting();
    await post(app, 'alertmanager', amGroup('CheckoutErrors', [{ fingerprint: 'a1' }]));
    const dir = app.dir;
    await app.stop();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    app = await createTestApp({ dir });
    expect(app.intake.queued).toBe(1);
    const metrics = await app.server.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^firebreak_queued_deliveries 1$/m);
    // While deliveries are queued, a new one queues behind them, even below the in-flight limit.
    expect((await post(app, 'alertmanager', amGroup('CheckoutErrors', [{ fingerprint: 'a1', status: 'resolved' }]))).json()).toEqual({ queued: true });
    await app.scheduler.tick();
    expect((await app.store.alertsOf('INC-1')).map((a) => a.status)).toEqual(['resolved']);
    // The queue is empty: deliveries go straight in again, answered with their incident.
    expect((await post(app, 'alertmanager', amGroup('PaymentsDown', [{ fingerprint: 'p1' }]))).json<IntakeReply>().incidents).toEqual(['INC-2']);
  });

  it('keeps a queued body its source refuses as a dead letter, and ingests the deliveries behind it', async () => {
    app = await bursting();
    expect((await post(app, 'alertmanager', { version: '4', alerts: 'not a list' })).statusCode).toBe(202);
    await post(app, 'alertmanager', amGroup('CheckoutErrors', [{ fingerprint: 'a1' }]));
    await app.scheduler.tick();
    const letters = await app.store.listDeadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.reason).toMatch(/Invalid Alertmanager payload/);
    expect(letters[0]!.body).toContain('not a list');
    expect((await app.store.listIncidents()).map((i) => i.id)).toEqual(['INC-1']);
    expect(await queuedRows()).toBe(0);
    expect(app.logs.some((l) => l.msg === 'queued webhook rejected')).toBe(true);
  });

  it('ingests a queued PagerDuty delivery once, by its X-Webhook-Id, however often it was sent', async () => {
    app = await createTestApp({ env: { PAGERDUTY_WEBHOOK_SECRETS: 'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK' }, app: { intake: { maxInFlight: 0 } } });
    const file = 'pagerduty/incident.triggered.derived.json';
    const body = fixture(file);
    for (let i = 0; i < 3; i++) expect((await post(app, 'pagerduty', body, vendorHeaders('pagerduty', body, file))).json()).toEqual({ queued: true });
    await app.scheduler.tick();
    expect(await app.store.listIncidents()).toHaveLength(1);
  });

  it('refuses a delivery with 503 and Retry-After once the queue is full, and stores nothing of it', async () => {
    app = await bursting({ maxQueued: 2 });
    for (const g of ['A', 'B']) expect((await post(app, 'alertmanager', amGroup(g, [{ fingerprint: g }]))).statusCode).toBe(202);
    const refused = await post(app, 'alertmanager', amGroup('C', [{ fingerprint: 'C' }]));
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(await queuedRows()).toBe(2);
  });
});
