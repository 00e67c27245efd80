import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, type IntakeReply } from './helpers.js';

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function postAm(url: string, body: object): Promise<Response> {
  return fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('concurrent deliveries of one new group', () => {
  it('20 at once over real HTTP make exactly one incident and one thread', async () => {
    const app = await createTestApp();
    apps.push(app);
    const url = await app.listen();
    const body = amGroup('ConcurrentGroup', [{ fingerprint: 'x1' }, { fingerprint: 'x2' }]);

    const replies = await Promise.all(Array.from({ length: 20 }, () => postAm(url, body)));

    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = new Set((await Promise.all(replies.map((r) => r.json() as Promise<IntakeReply>))).flatMap((r) => r.incidents));
    expect([...ids]).toEqual(['INC-1']);
    expect(await app.store.listIncidents()).toHaveLength(1);
    await app.scheduler.tick();
    const threads = await app.store.webMessages.list({ channel: 'incidents', threadId: null });
    expect(threads.map((t) => t.incidentId)).toEqual(['INC-1']);
    expect(await app.store.webMessages.list({ channel: 'status' })).toHaveLength(1); // one "declared" broadcast
    expect((await app.store.timeline('INC-1')).filter((e) => e.kind === 'declared')).toHaveLength(1);
    expect((await app.store.alertsOf('INC-1')).map((a) => a.dedupKey)).toEqual(['x1', 'x2']);
  });
});
