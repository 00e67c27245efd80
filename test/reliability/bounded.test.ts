/**
 * Nothing grows without a bound: the retention pass deletes each kind of row at its limit and
 * keeps what is still needed; the console's thread map has a cap; a live page that stops reading
 * is disconnected instead of buffering without end, while a page that reads keeps its stream.
 */
import { connect } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerConsole } from '../../src/chat/web/console-routes.js';
import type { EventStreams } from '../../src/chat/web/event-stream.js';
import { THREAD_CACHE_SIZE, WebChat } from '../../src/chat/web/web-chat.js';
import { message } from '../../src/core/message.js';
import { RETENTION_DEFAULTS } from '../../src/store/retention-table.js';
import { MemoryWebMessageLog } from '../chat/web/memory-web-message-log.js';
import { RecordingInteractions } from '../chat/web/recording-interactions.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';

const HOUR = 3_600_000;


let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function declare(a: TestApp, title: string) {
  const { id } = await a.service.declare({ title, severity: 'SEV3', declaredBy: ctx('Alice').actor, source: 'web' });
  await a.interactions.command('ack', ctx('Alice', id));
  await a.scheduler.tick();
  return id;
}

describe('the retention pass', () => {
  it('deletes delivered outbox rows, finished interactions and old delivery ids at their limits, and nothing still needed', async () => {
    app = await createTestApp();
    const id = await declare(app, 'Checkout down');
    await app.interactions.command('note first', ctx('Alice', id));
    await app.scheduler.tick();
    await app.store.transaction((tx) => tx.markDelivery('slack:event', 'Ev1', app!.clock.now()));
    const counts = () => app!.store.retention.rowCounts();
    const before = await counts();
    expect(before.outbox).toBeGreaterThan(0);

    app.clock.advance(RETENTION_DEFAULTS.deliveredOutboxMs - HOUR);
    await app.retention.run(true);
    expect((await counts()).outbox).toBe(before.outbox); // not yet

    await app.interactions.command('note queued later', ctx('Alice', id)); // undelivered: never deleted
    app.clock.advance(2 * HOUR);
    const deleted = await app.retention.run(true);
    expect(deleted.outbox).toBe(before.outbox);
    expect((await counts()).outbox).toBeGreaterThan(0);
    await app.scheduler.tick();
    expect(await threadTexts(app, id)).toContain('Note: queued later');

    app.clock.advance(RETENTION_DEFAULTS.deliveriesMs);
    await app.retention.run(true);
    expect((await counts()).deliveries).toBe(before.deliveries! - 1);
  });

  it('removes the chat bookkeeping of incidents resolved over 30 days ago, keeps the incident, and keeps open ones', async () => {
    app = await createTestApp();
    const resolved = await declare(app, 'Old and resolved');
    const open = await declare(app, 'Still open');
    await app.interactions.command('resolve Rolled back', ctx('Alice', resolved));
    await app.scheduler.tick();
    const refs = (incidentId: string) =>
      app!.store.db.selectFrom('message_refs').select('msg_key').where('scope', '=', `incident:${incidentId}`).execute();
    expect((await refs(resolved)).length).toBeGreaterThan(0);

    app.clock.advance(RETENTION_DEFAULTS.resolvedChatMs + HOUR);
    const deleted = await app.retention.run(true);
    expect(deleted.message_refs).toBeGreaterThan(0);
    expect(deleted.web_messages).toBeGreaterThan(0);
    expect(await refs(resolved)).toEqual([]);
    expect(await threadTexts(app, resolved)).toEqual([]);
    expect(await app.store.getIncident(resolved)).toMatchObject({ status: 'resolved' });
    expect((await app.store.timeline(resolved)).length).toBeGreaterThan(0); // the record stays
    expect((await refs(open)).length).toBeGreaterThan(0);
    expect((await threadTexts(app, open)).length).toBeGreaterThan(0);
  });

  it('keeps the newest replies of a console thread past its cap, and the root', async () => {
    app = await createTestApp();
    const id = await declare(app, 'Chatty');
    await app.retention.run(true);
    const cap = 5;
    for (let i = 0; i < 12; i++) await app.interactions.command(`note n${i}`, ctx('Alice', id));
    await app.scheduler.tick();
    const pass = new (app.retention.constructor as typeof import('../../src/scheduler/retention-pass.js').RetentionPass)({
      table: app.store.retention,
      clock: app.clock,
      log: app.log,
      limits: { webThreadReplies: cap },
    });
    await pass.run(true);
    const texts = await threadTexts(app, id);
    expect(texts).toHaveLength(cap + 1);
    expect(texts[0]).toContain('Chatty'); // the root
    expect(texts.slice(1)).toEqual(['n7', 'n8', 'n9', 'n10', 'n11'].map((n) => `Note: ${n}`));
  });
});

describe('the console in memory', () => {
  it('keeps at most THREAD_CACHE_SIZE threads in its map and still finds the others in the store', async () => {
    const log = new MemoryWebMessageLog();
    const chat = new WebChat({ log, now: () => 0 });
    const first = await chat.openThread('INC-1', message('first'));
    for (let i = 2; i <= THREAD_CACHE_SIZE + 50; i++) await chat.openThread(`INC-${i}`, message(`n${i}`));
    expect(chat.cachedThreads).toBe(THREAD_CACHE_SIZE);
    const reply = await chat.post({ thread: first }, message('late reply'));
    expect(reply.threadId).toBe(first.threadId);
    expect((await log.list({ threadId: first.threadId! })).map((r) => r.incidentId)).toEqual(['INC-1']);
    expect(chat.cachedThreads).toBe(THREAD_CACHE_SIZE);
  });
});

describe('live events to a slow page', () => {
  it('disconnects a page that stops reading once 1 MiB waits for it, and keeps streaming to a page that reads', async () => {
    const server = Fastify({ forceCloseConnections: true });
    const chat = new WebChat({ log: new MemoryWebMessageLog(), now: () => 0 });
    let streams!: EventStreams;
    await registerConsole(server, {
      chat,
      log: new MemoryWebMessageLog(),
      interactions: new RecordingInteractions(),
      postTestAlert: async () => ({ status: 202, body: {} }),
      onStreams: (s) => (streams = s),
    });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(url);
    const stuck = connect(Number(port), '127.0.0.1');
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let received = 0;
    let sent = 0;
    try {
      // A page that asks for the stream and then never reads from its socket.
      await new Promise<void>((resolve) => stuck.once('connect', () => resolve()));
      stuck.write(`GET /console/api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      stuck.pause();
      const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()));
      const reading = await fetch(`${url}/console/api/events`);
      reader = reading.body!.getReader();

      void (async () => {
        for (;;) {
          const { value, done } = await reader!.read().catch(() => ({ value: undefined, done: true as const }));
          if (done) return;
          received += value.length;
        }
      })();
      while (streams.size < 2) await new Promise((resolve) => setTimeout(resolve, 10));

      const big = 'x'.repeat(16_000);

      for (let i = 0; i < 4000 && streams.slowDisconnects === 0; i++) {
        await chat.openThread(`INC-${i}`, message(big));
        sent += big.length;
        // the reading page keeps up (as a browser does); the stuck one falls behind
        await new Promise((resolve) => setTimeout(resolve, 0));
        while (received < sent - 256 * 1024) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(streams.slowDisconnects).toBe(1);
      stuck.resume(); // reading now shows the server's end of the connection is gone
      await closed;
      expect(streams.size).toBe(1); // the reading page keeps its stream
      await chat.openThread('INC-last', message('after the slow page went'));
      while (received < sent) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received).toBeGreaterThanOrEqual(sent);
    } finally {
      stuck.destroy();
      await reader?.cancel().catch(() => undefined);
      await server.close();
    }
  });
});
