/**
 * The whole Firebreak on a real PostgreSQL, over HTTP: declare, an alert, a reminder, resolve;
 * intake answers 503 while Postgres is down and 202 again once it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../fakes/embedded-postgres.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';
import { fixture } from '../http/helpers.js';

const MIN = 60_000;
let server: RunningPostgres;
let app: TestApp;
let base: string;

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase('firebreak');
  app = await createTestApp({ env: { FIREBREAK_DATABASE_URL: url } });
  base = await app.listen();
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

const postJson = (path: string, body: Buffer | string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : body.toString('utf8') });

describe('Firebreak on Postgres', () => {
  it('runs the incident loop: declare, alert, reminder, resolve', async () => {
    const declared = await postJson('/api/incidents', JSON.stringify({ title: 'Checkout is down', severity: 'SEV2' }));
    expect(declared.status).toBe(201);
    const { id } = (await declared.json()) as { id: string };
    expect(id).toBe('INC-1');

    const firing = fixture('alertmanager/captured-firing.json');
    const first = await postJson('/webhooks/alertmanager', firing);
    expect(first.status).toBe(202);
    const intake = (await first.json()) as { incidents: string[] };
    const again = await postJson('/webhooks/alertmanager', firing); // Alertmanager resends the group
    expect(await again.json()).toEqual(intake);
    const alerted = intake.incidents[0]!;
    expect(alerted).toBe('INC-2');
    expect(await app.store.listIncidents()).toHaveLength(2);

    await app.interactions.command('ack', ctx('Bob', id));
    app.clock.advance(30 * MIN);
    await app.scheduler.tick();
    expect((await threadTexts(app, id)).filter((t) => t.includes('no status update'))).toEqual([`${id}: no status update for 30 min`]);

    await app.interactions.command('resolve Rolled back', ctx('Bob', id));
    await app.scheduler.tick();
    const resolved = (await (await fetch(`${base}/api/incidents/${id}`)).json()) as { status: string };
    expect(resolved.status).toBe('resolved');
    expect(await app.store.timeline(id)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'resolved' })]));
    expect((await threadTexts(app, alerted))[0]).toContain(alerted);
  });

  it('answers intake with 503 while Postgres is down, and 202 once it is back', async () => {
    const body = fixture('alertmanager/captured-single-alert-firing.json');
    await server.pause();
    try {
      expect((await postJson('/webhooks/alertmanager', body)).status).toBe(503);
    } finally {
      await server.start();
    }
    expect((await postJson('/webhooks/alertmanager', body)).status).toBe(202);
  });
});
