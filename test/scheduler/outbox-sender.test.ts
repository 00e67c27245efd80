import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/errors.js';
import { RecordingChat, rateLimited } from '../fakes/recording-chat.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
let chat: RecordingChat;

async function start(dir?: string) {
  chat = new RecordingChat('recording');
  app = await createTestApp({ app: { chats: [chat] }, ...(dir ? { dir } : {}) });
}

afterEach(async () => {
  await app?.close();
});

async function declare(title: string) {
  const incident = await app.service.declare({ title, severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
  return incident.id;
}

describe('the chat outbox', () => {
  it('opens one thread per incident and delivers its messages in order', async () => {
    await start();
    const id = await declare('Checkout down');
    await app.interactions.command('note first', ctx('Alice', id));
    await app.interactions.command('note second', ctx('Alice', id));
    await app.scheduler.tick();

    const opened = chat.calls.filter((c) => c.op === 'openThread');
    expect(opened).toHaveLength(1);
    const thread = opened[0]!.threadId!;
    const posts = chat.calls.filter((c) => c.threadId === thread && c.op === 'post').map((c) => c.message.text);
    expect(posts).toEqual(['Note: first', 'Note: second']);
  });

  it('coalesces queued edits of the same message into one', async () => {
    await start();
    const id = await declare('Checkout down');
    await app.scheduler.tick();
    const before = chat.calls.length;
    await app.interactions.command('sev 1', ctx('Alice', id));
    await app.interactions.command('status identified', ctx('Alice', id));
    await app.interactions.command('status monitoring', ctx('Alice', id));
    await app.scheduler.tick();

    const headerEdits = chat.calls.slice(before).filter((c) => c.op === 'update');
    expect(headerEdits).toHaveLength(1);
    expect(headerEdits[0]!.message.text).toContain('SEV1, Monitoring');
  });

  it('honours Retry-After on one thread while other threads keep flowing', async () => {
    await start();
    const slow = await declare('Slow thread');
    await app.scheduler.tick();
    const fast = await declare('Fast thread');
    await app.interactions.command('note while limited', ctx('Alice', slow));
    chat.failNext(rateLimited(30_000), 1, (m) => m.text === 'Note: while limited');
    await app.scheduler.tick();

    const noteDelivered = () => chat.calls.some((c) => c.message.text === 'Note: while limited');
    expect(chat.calls.some((c) => c.op === 'openThread' && c.incidentId === fast)).toBe(true);
    expect(noteDelivered()).toBe(false);
    app.clock.advance(29_000);
    await app.scheduler.tick();
    expect(noteDelivered()).toBe(false);
    app.clock.advance(1_000);
    await app.scheduler.tick();
    expect(chat.calls.filter((c) => c.message.text === 'Note: while limited')).toHaveLength(1);
  });

  it('backs off on server errors and gives up on messages the platform refuses', async () => {
    await start();
    const flaky = await declare('Flaky');
    const header = (m: { text: string }) => m.text.startsWith(`${flaky} · Flaky`);
    const opened = () => chat.calls.filter((c) => c.op === 'openThread' && c.incidentId === flaky);
    chat.failNext(new UpstreamError('502 from platform', { retryable: true, status: 502 }), 2, header);
    await app.scheduler.tick();
    expect(opened()).toHaveLength(0);
    app.clock.advance(1_000);
    await app.scheduler.tick();
    expect(opened()).toHaveLength(0);
    app.clock.advance(2_000);
    await app.scheduler.tick();
    expect(opened()).toHaveLength(1);

    chat.failNext(new UpstreamError('invalid_blocks', { retryable: false, status: 400 }), 1, (m) => m.text.includes('Refused'));
    await app.service.declare({ title: 'Refused', severity: 'SEV3', declaredBy: ctx('Alice').actor, source: 'web' });
    await app.scheduler.tick();
    expect(app.logs.some((l) => l.msg === 'chat refused a message; giving up on it')).toBe(true);
  });

  it('delivers what was queued or in flight when the process died exactly once after restart', async () => {
    // The first process: the note is leased and on its way when the process dies (no shutdown runs).
    let hang!: () => void;
    class DyingChat extends RecordingChat {
      override async post(...args: Parameters<RecordingChat['post']>) {
        if (args[1].text === 'Note: in flight') await new Promise<void>((resolve) => (hang = resolve));
        return super.post(...args);
      }
    }
    const dying = new DyingChat('recording');
    const first = await createTestApp({ app: { chats: [dying] } });
    const { id } = await first.service.declare({ title: 'Before the crash', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    await first.scheduler.tick();
    await first.interactions.command('note in flight', ctx('Alice', id));
    await first.interactions.command('note queued', ctx('Alice', id));
    const stuck = first.scheduler.tick();
    while (!hang) await new Promise((resolve) => setImmediate(resolve));

    // The second process on the same database, with the first one's lease still running.
    chat = new RecordingChat('recording');
    app = await createTestApp({ app: { chats: [chat] }, dir: first.dir });
    await app.scheduler.tick();
    expect(chat.calls.map((c) => c.message.text)).toEqual([]); // the lease of the dead process holds the lane
    app.clock.advance(61_000);
    await app.scheduler.tick();
    await app.scheduler.tick();

    const texts = chat.calls.map((c) => c.message.text);
    expect(texts.filter((t) => t === 'Note: in flight')).toHaveLength(1);
    expect(texts.filter((t) => t === 'Note: queued')).toHaveLength(1);
    expect(texts.indexOf('Note: in flight')).toBeLessThan(texts.indexOf('Note: queued'));
    expect(chat.calls.find((c) => c.message.text === 'Note: in flight')!.delivery!.attempt).toBe(2); // it may have landed: the adapter checks
    expect(chat.calls.filter((c) => c.op === 'openThread')).toHaveLength(0); // the thread of the first process is reused
    // Leave the dead process's handles behind without running its shutdown.
    await first.store.db.destroy().catch(() => undefined);
    hang();
    await stuck.catch(() => undefined);
  });
});
