import { beforeEach, describe, expect, it } from 'vitest';
import { WebChat, type WebChatEvent } from '../../../src/chat/web/web-chat.js';
import { UpstreamError } from '../../../src/core/errors.js';
import { message } from '../../../src/core/message.js';
import { MemoryWebMessageLog } from './memory-web-message-log.js';

describe('WebChat', () => {
  let log: MemoryWebMessageLog;
  let now: number;
  let chat: WebChat;
  let events: WebChatEvent[];

  beforeEach(() => {
    log = new MemoryWebMessageLog();
    now = 1_700_000_000_000;
    chat = new WebChat({ log, now: () => now });
    events = [];
    chat.subscribe((event) => events.push(event));
  });

  it('opens a thread as a root message in #incidents', async () => {
    const ref = await chat.openThread('INC-1', message('**INC-1** Checkout is down'));

    expect(ref).toEqual({ channelId: 'incidents', messageId: '1', threadId: '1' });
    expect(log.rows).toEqual([
      {
        id: 1,
        channel: 'incidents',
        threadId: null,
        incidentId: 'INC-1',
        message: message('**INC-1** Checkout is down'),
        createdAt: now,
        updatedAt: now,
      },
    ]);
    expect(events).toEqual([{ type: 'message', row: log.rows[0] }]);
  });

  it('posts replies into the thread with the incident id of its root', async () => {
    const root = await chat.openThread('INC-7', message('root'));
    now += 1000;

    const reply = await chat.post({ thread: root }, message('rolled back'));

    expect(reply).toEqual({ channelId: 'incidents', messageId: '2', threadId: '1' });
    expect(log.rows[1]).toMatchObject({ id: 2, channel: 'incidents', threadId: '1', incidentId: 'INC-7', createdAt: now });
    expect(events.map((e) => e.row.id)).toEqual([1, 2]);
  });

  it('finds the incident of a thread it did not open itself (after a restart)', async () => {
    await new WebChat({ log, now: () => now }).openThread('INC-3', message('root'));

    await chat.post({ thread: { channelId: 'incidents', messageId: '1', threadId: '1' } }, message('reply'));

    expect(log.rows[1]).toMatchObject({ threadId: '1', incidentId: 'INC-3' });
  });

  it('refuses a reply to a thread that does not exist', async () => {
    await expect(chat.post({ thread: { channelId: 'incidents', messageId: '9', threadId: '9' } }, message('x'))).rejects.toThrow(
      UpstreamError,
    );
    expect(log.rows).toEqual([]);
  });

  it('finds the message of an earlier attempt by its delivery key instead of posting it again', async () => {
    const noop = async () => undefined;
    const first = { key: 'fb-7', attempt: 1, saveProgress: noop };
    const ref = await chat.openThread('INC-1', message('**INC-1** Checkout is down'), first);
    const reply = await chat.post({ thread: ref }, message('Note: rolled back'), { key: 'fb-8', attempt: 1, saveProgress: noop });

    // The process died before the outbox recorded these deliveries: both are tried again.
    expect(await chat.openThread('INC-1', message('**INC-1** Checkout is down'), { ...first, attempt: 2 })).toEqual(ref);
    expect(await chat.post({ thread: ref }, message('Note: rolled back'), { key: 'fb-8', attempt: 2, saveProgress: noop })).toEqual(reply);
    expect(log.rows.map((r) => r.message.text)).toEqual(['INC-1 Checkout is down', 'Note: rolled back']);
    expect(events).toHaveLength(2);
  });

  it('posts to a channel without a thread', async () => {
    const ref = await chat.post({ channel: 'status' }, message('INC-1 is resolved'));

    expect(ref).toEqual({ channelId: 'status', messageId: '1' });
    expect(log.rows[0]).toMatchObject({ channel: 'status', threadId: null, incidentId: null });
    expect(events).toHaveLength(1);
  });

  it('edits a message in place and broadcasts the edit', async () => {
    const ref = await chat.openThread('INC-1', message('SEV2'));
    now += 5000;

    await chat.update(ref, message('SEV1'));

    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]).toMatchObject({ message: message('SEV1'), createdAt: now - 5000, updatedAt: now });
    expect(events[1]).toEqual({ type: 'message', row: log.rows[0] });
  });

  it('reports an edit of an unknown message as a non-retryable upstream error', async () => {
    const err = await chat.update({ channelId: 'incidents', messageId: '42' }, message('x')).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ retryable: false, status: 404 });
  });

  it('stops delivering to a listener after it unsubscribes, and survives a throwing one', async () => {
    const errors: unknown[] = [];
    chat = new WebChat({ log, now: () => now, logger: { error: (obj) => errors.push(obj) } });
    const seen: number[] = [];
    chat.subscribe(() => {
      throw new Error('broken tab');
    });
    const unsubscribe = chat.subscribe((e) => seen.push(e.row.id));

    await chat.post({ channel: 'incidents' }, message('one'));
    unsubscribe();
    await chat.post({ channel: 'incidents' }, message('two'));

    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
    expect(chat.subscriberCount).toBe(1);
  });
});

describe('MemoryWebMessageLog', () => {
  it('lists the newest page in ascending order, filtered by channel, thread and id', async () => {
    const log = new MemoryWebMessageLog();
    const row = { channel: 'incidents' as const, incidentId: null, message: message('m'), createdAt: 1, updatedAt: 1 };
    for (let i = 0; i < 5; i++) await log.insert({ ...row, threadId: null });
    await log.insert({ ...row, threadId: '1' });
    await log.insert({ ...row, channel: 'status', threadId: null });

    const ids = async (q: Parameters<MemoryWebMessageLog['list']>[0]) => (await log.list(q)).map((r) => r.id);

    expect(await ids({ channel: 'incidents', threadId: null, limit: 2 })).toEqual([4, 5]);
    expect(await ids({ channel: 'incidents', threadId: null, limit: 2, beforeId: 4 })).toEqual([2, 3]);
    expect(await ids({ threadId: '1' })).toEqual([6]);
    expect(await ids({ channel: 'status' })).toEqual([7]);
    expect(await ids({})).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
