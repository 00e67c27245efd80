/** The delivery half of the chat contract: idempotency keys, resumable steps, pacing, urgency, closing rooms. */
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/errors.js';
import type { ChatMessage } from '../../src/core/message.js';
import type { ChatPacing, Delivery, MessageRef } from '../../src/core/ports.js';
import { RecordingChat, rateLimited } from '../fakes/recording-chat.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/** Like Slack: every thread posts into the one incidents channel; status posts into their own. */
const slackLike: ChatPacing = {
  channelOf: (to) => (to.kind === 'thread' ? 'incidents' : to.channel),
  postIntervalMs: 1_000,
  editIntervalMs: 1_000,
};

async function start(chat: RecordingChat) {
  app = await createTestApp({ app: { chats: [chat] } });
}

const declare = async (title: string) =>
  (await app.service.declare({ title, severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' })).id;

describe('idempotent delivery', () => {
  it('gives every row one key for all its attempts and counts the attempts', async () => {
    const chat = new RecordingChat('recording');
    await start(chat);
    const id = await declare('Checkout down');
    await app.scheduler.tick();
    await app.interactions.command('note rolled back', ctx('Alice', id));
    chat.failNext(new UpstreamError('timed out', { retryable: true }), 1, (m) => m.text === 'Note: rolled back');
    await app.scheduler.tick();
    app.clock.advance(1_500);
    await app.scheduler.tick();

    const tries = chat.calls.filter((c) => c.message.text === 'Note: rolled back');
    expect(tries).toHaveLength(1); // the failed call threw before it was recorded
    expect(tries[0]!.delivery).toEqual({ key: expect.stringMatching(/^fb-\d+$/), attempt: 2 });
  });

  it('tells the platform that a row whose delivery was cut short (a crash before completion) may already be there', async () => {
    const chat = new RecordingChat('recording');
    await start(chat);
    const id = await declare('Checkout down');
    await app.scheduler.tick();
    await app.interactions.command('note rolled back', ctx('Alice', id));
    // The platform accepts the post, then the process dies before the store records it.
    const complete = app.store.outbox.completeOutbox.bind(app.store.outbox);
    let crashed = false;
    app.store.outbox.completeOutbox = async (rowId, at) => {
      if (!crashed) {
        crashed = true;
        throw new Error('process killed');
      }
      return complete(rowId, at);
    };
    await app.scheduler.tick();
    await app.scheduler.tick();
    const first = chat.calls.filter((c) => c.message.text === 'Note: rolled back');
    expect(first).toHaveLength(1);

    app.clock.advance(61_000); // the lease of the cut-short delivery ends
    await app.scheduler.tick();
    const both = chat.calls.filter((c) => c.message.text === 'Note: rolled back');
    expect(both).toHaveLength(2);
    expect(both[1]!.delivery!.key).toBe(both[0]!.delivery!.key);
    expect(both.map((c) => c.delivery!.attempt)).toEqual([1, 2]);
  });

  it('resumes a two-step thread opening from the step that was done', async () => {
    class TwoStepChat extends RecordingChat {
      headers = 0;
      override async openThread(incidentId: string, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
        const header = delivery.progress ?? { channelId: 'incidents', messageId: `h${++this.headers}` };
        if (!delivery.progress) {
          await delivery.saveProgress(header);
          throw new UpstreamError('thread creation failed', { retryable: true, status: 502 });
        }
        await super.openThread(incidentId, message, delivery);
        return { ...header, threadId: header.messageId };
      }
    }
    const chat = new TwoStepChat('recording');
    await start(chat);
    await declare('Checkout down');
    await app.scheduler.tick();
    app.clock.advance(1_500);
    await app.scheduler.tick();

    expect(chat.headers).toBe(1);
    const opened = chat.calls.filter((c) => c.op === 'openThread');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.delivery).toMatchObject({ attempt: 2, progress: { channelId: 'incidents', messageId: 'h1' } });
    expect(await app.store.outbox.getMessageRef('recording', 'INC-1', 'thread')).toEqual({ channelId: 'incidents', messageId: 'h1', threadId: 'h1' });
  });
});

describe('the thread directory', () => {
  it('finds the incident of a delivered thread by channel and thread, and nothing else', async () => {
    const chat = new RecordingChat('recording');
    await start(chat);
    await declare('Checkout down');
    await declare('Search slow');
    await app.scheduler.tick();
    const second = (await app.store.outbox.getMessageRef('recording', 'INC-2', 'thread'))!;

    expect(await app.store.outbox.incidentOfThread('recording', second.channelId, second.threadId)).toBe('INC-2');
    expect(await app.store.outbox.incidentOfThread('recording', second.channelId, 'nope')).toBeUndefined();
    expect(await app.store.outbox.incidentOfThread('other', second.channelId, second.threadId)).toBeUndefined();
  });
});

describe('pacing', () => {
  it('keeps one post a second into one platform channel and says when the next may go', async () => {
    const chat = new RecordingChat('recording', slackLike);
    await start(chat);
    await declare('First');
    await declare('Second');
    await app.scheduler.tick();
    expect(chat.calls.filter((c) => c.op === 'openThread').map((c) => c.incidentId)).toEqual(['INC-1']);
    // The held header is due again when the channel's second is up, not now (no busy loop).
    expect(await app.sender.nextDueAt()).toBe(app.clock.now() + 1_000);

    app.clock.advance(1_000);
    await app.scheduler.tick();
    expect(chat.calls.filter((c) => c.op === 'openThread').map((c) => c.incidentId)).toEqual(['INC-1', 'INC-2']);
  });

  it('holds only the channel a 429 came from', async () => {
    const chat = new RecordingChat('recording', slackLike);
    await start(chat);
    const id = await declare('Limited');
    await app.scheduler.tick();
    app.clock.advance(1_000);
    await app.scheduler.tick(); // the status broadcast of the declaration
    app.clock.advance(1_000);
    await app.interactions.command('note one', ctx('Alice', id));
    chat.failNext(rateLimited(30_000), 1, (m) => m.text === 'Note: one');
    await app.scheduler.tick();
    await app.interactions.command('update rolled back', ctx('Alice', id));
    app.clock.advance(5_000);
    await app.scheduler.tick();

    const texts = chat.calls.map((c) => c.message.text);
    expect(texts).toContain('INC-1: rolled back'); // the status channel kept flowing
    expect(texts).not.toContain('Note: one'); // the incidents channel waits out its Retry-After
    app.clock.advance(30_000);
    await app.scheduler.tick();
    expect(chat.calls.map((c) => c.message.text)).toContain('Note: one');
  });

  it('sends new messages before edits of existing ones, and a lane goes on with its next row in the same pass', async () => {
    const chat = new RecordingChat('recording');
    await start(chat);
    const a = await declare('A');
    const b = await declare('B');
    await app.scheduler.tick();
    // A line in A's thread, then an edit of A's header; the edit fails once, so A's lane starts with it.
    chat.failNext(new UpstreamError('timed out', { retryable: true }), 1, (m) => m.text.startsWith(`${a} · A`));
    await app.interactions.command('sev 1', ctx('Alice', a));
    await app.sender.deliverPass();
    await app.interactions.command('note rolled back', ctx('Alice', b)); // a new post in B's thread, then B's header edit
    app.clock.advance(1_500);
    const before = chat.calls.length;
    await app.sender.deliverPass();

    expect(chat.calls.slice(before).map((c) => `${c.op} ${c.message.text}`)).toEqual([
      'post Note: rolled back',
      `update ${a} · A — SEV1, Investigating`,
      `update ${b} · B — SEV2, Investigating`,
    ]);
  });
});

describe('closing rooms', () => {
  it('archives the room of a resolved incident after the policy delay, unless it reopened', async () => {
    class RoomChat extends RecordingChat {
      closed: { thread: MessageRef; text: string }[] = [];
      async closeRoom(thread: MessageRef, message: ChatMessage): Promise<void> {
        this.closed.push({ thread, text: message.text });
      }
    }
    const chat = new RoomChat('recording');
    app = await createTestApp({ app: { chats: [chat] }, policy: 'rooms: { closeAfterMinutes: 60 }' });
    const a = await declare('Closes');
    const b = await declare('Reopens');
    await app.interactions.command('resolve fixed', ctx('Alice', a));
    await app.interactions.command('resolve fixed', ctx('Alice', b));
    await app.scheduler.tick();
    await app.interactions.action('fb.reopen', b, ctx('Alice', b));
    app.clock.advance(61 * 60_000);
    await app.scheduler.tick();

    expect(chat.closed).toEqual([{ thread: await app.store.outbox.getMessageRef('recording', a, 'thread'), text: `${a} is resolved; this room is archived` }]);
  });
});
