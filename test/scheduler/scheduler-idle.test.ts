import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the scheduler loop', () => {
  it('sleeps between due times instead of polling, and wakes when work is queued', async () => {
    app = await createTestApp();
    let passes = 0;
    const pending = app.store.outbox.pendingOutbox.bind(app.store);
    app.store.outbox.pendingOutbox = (now, limit) => {
      passes++;
      return pending(now, limit);
    };
    app.scheduler.start();
    for (let i = 0; i < 20; i++) await app.service.declare({ title: `Incident ${i}`, severity: 'SEV3', declaredBy: ctx('Alice').actor, source: 'test' });
    await realSleep(300);
    const delivered = (await app.store.webMessages.list({})).length;
    expect(delivered).toBeGreaterThan(20);

    const settled = passes;
    await realSleep(500);
    expect(passes - settled).toBe(0);

    await app.interactions.command('note woken', ctx('Bob', 'INC-1'));
    await realSleep(200);
    expect(passes).toBeGreaterThan(settled);
    expect((await app.store.webMessages.list({})).some((r) => r.message.text === 'Note: woken')).toBe(true);
  });
});
