/** Timers, chat delivery and stored interactions run on loops of their own, and none of them spins. */
import { afterEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/system-clock.js';
import type { ChatMessage } from '../../src/core/message.js';
import type { Delivery, MessageRef } from '../../src/core/ports.js';
import { RecordingChat, rateLimited } from '../fakes/recording-chat.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 20) {
    if (await check()) return true;
    await realSleep(20);
  }
  return false;
}

const passes = (name: string) => app.scheduler.loops.find((l) => l.name === name)!;

describe('the background loops', () => {
  it('fires a reminder on time while the chat platform is stuck on a delivery', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    class StuckChat extends RecordingChat {
      override async openThread(incidentId: string, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
        await gate;
        return super.openThread(incidentId, message, delivery);
      }
    }
    app = await createTestApp({ app: { chats: [new StuckChat('stuck')] } });
    app.scheduler.start();
    const { id } = await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    await realSleep(50); // the outbox loop is now waiting on the stuck platform

    app.clock.advance(31 * 60_000);
    const reminded = await eventually(async () => (await app.store.timeline(id)).some((e) => e.kind === 'reminder_sent'));
    release();
    expect(reminded).toBe(true);
  });

  it('stops after the deliveries in hand and leaves the rest queued for the next start', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inFlight = 0;
    class SlowChat extends RecordingChat {
      override async openThread(incidentId: string, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
        inFlight++;
        await gate;
        return super.openThread(incidentId, message, delivery);
      }
    }
    const slow = new SlowChat('slow');
    app = await createTestApp({ app: { chats: [slow] } });
    for (let i = 1; i <= 20; i++) await app.service.declare({ title: `Burst ${i}`, severity: 'SEV3', declaredBy: ctx('Alice').actor, source: 'web' });
    app.scheduler.start();
    expect(await eventually(async () => inFlight === 8)).toBe(true); // every delivery worker holds one thread

    const stopped = app.scheduler.stop();
    release();
    await stopped;

    const opened = () => slow.calls.filter((c) => c.op === 'openThread').map((c) => c.incidentId);
    expect(opened()).toHaveLength(8);
    expect((await app.store.outbox.pendingOutbox(app.clock.now(), 1000)).filter((r) => r.surface === 'slow').length).toBeGreaterThan(0);
    // What a next start does: deliver what is queued, each thread once.
    await app.scheduler.tick();
    expect(opened().sort()).toEqual(Array.from({ length: 20 }, (_, i) => `INC-${i + 1}`).sort());
  });

  it('sleeps while the only lane waits out a Retry-After, instead of spinning', async () => {
    const chat = new RecordingChat('recording');
    app = await createTestApp({ app: { chats: [chat], clock: new SystemClock() } });
    const { id } = await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    await app.scheduler.tick();
    chat.failNext(rateLimited(60_000), 1, (m) => m.text === 'Note: first');
    await app.interactions.command('note first', ctx('Alice', id));
    await app.interactions.command('note second', ctx('Alice', id)); // queued behind the limited one
    app.scheduler.start();
    await realSleep(100);
    const outbox = passes('outbox');
    const settled = outbox.passes;
    await realSleep(400);

    expect(outbox.passes - settled).toBeLessThanOrEqual(1);
    expect(chat.calls.map((c) => c.message.text)).not.toContain('Note: second');
  });

  it('retries a failing timer handler when its lease ends, not in a loop', async () => {
    app = await createTestApp({ app: { clock: new SystemClock() } });
    await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    await app.store.transaction((tx) => tx.setTimer({ incidentId: 'INC-1', kind: 'status_reminder', dueAt: Date.now() - 1 }));
    let calls = 0;
    (app.scheduler as unknown as { options: { onTimer: () => Promise<void> } }).options.onTimer = async () => {
      calls++;
      throw new Error('handler broken');
    };
    app.scheduler.start();
    await realSleep(500);

    expect(calls).toBe(1);
    expect(passes('timers').passes).toBeLessThanOrEqual(3);
    expect(app.logs.some((l) => l.msg === 'timer handler failed; retrying when its lease ends')).toBe(true);
  });
});
