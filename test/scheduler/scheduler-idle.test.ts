import { afterEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/system-clock.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Passes of every background loop so far: a loop that spins shows here over real time. */
const passes = () => app.scheduler.loops.map((loop) => loop.passes).reduce((a, b) => a + b, 0);

/** Waits until no loop has made a pass for 200 ms; a loop that spins never gets there. */
async function quiet(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const before = passes();
    await realSleep(200);
    if (passes() === before) return before;
  }
  throw new Error(`the loops never went quiet: ${app.scheduler.loops.map((l) => `${l.name} ${l.passes}`).join(', ')}`);
}

describe('the scheduler loops', () => {
  it('sleep between due times instead of polling, and wake when work is queued', async () => {
    // The real clock: a loop that asks to sleep 0 ms runs again at once, so a spin cannot hide.
    app = await createTestApp({ app: { clock: new SystemClock() } });
    app.scheduler.start();
    for (let i = 0; i < 20; i++) await app.service.declare({ title: `Incident ${i}`, severity: 'SEV3', declaredBy: ctx('Alice').actor, source: 'test' });
    const idle = await quiet();
    expect((await app.store.webMessages.list({})).length).toBeGreaterThan(20);
    await realSleep(500);
    expect(passes()).toBe(idle); // the next timer is 30 min away: nobody polls meanwhile

    await app.interactions.command('note woken', ctx('Bob', 'INC-1'));
    await quiet();
    expect(passes()).toBeGreaterThan(idle);
    expect((await app.store.webMessages.list({})).some((r) => r.message.text === 'Note: woken')).toBe(true);
  });
});
