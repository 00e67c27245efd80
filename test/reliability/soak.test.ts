/**
 * Soak: an hour of simulated time at storm rates — Alertmanager resending five groups of 20 alerts
 * every 30 s (a short group_interval), alerts flapping, every message delivered to the console and a second chat — with the
 * retention pass running. The chat bookkeeping and the database file reach a plateau and the heap
 * stays flat over the second half. Retention limits are compressed (minutes, not hours) so an hour
 * shows several full cycles; the limits themselves are tested in bounded.test.ts.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/message.js';
import type { ChatPort, MessageRef } from '../../src/core/ports.js';
import { RetentionPass } from '../../src/scheduler/retention-pass.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, post } from '../http/helpers.js';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A chat platform that accepts everything and remembers only how much. */
class CountingChat implements ChatPort {
  readonly surface = 'counting';
  delivered = 0;
  #next = 1;
  async openThread(_id: string, _m: ChatMessage): Promise<MessageRef> {
    this.delivered++;
    const id = String(this.#next++);
    return { channelId: 'incidents', messageId: id, threadId: id };
  }
  async post(target: { channel: 'incidents' | 'status' } | { thread: MessageRef }): Promise<MessageRef> {
    this.delivered++;
    const id = String(this.#next++);
    return 'channel' in target ? { channelId: target.channel, messageId: id } : { channelId: target.thread.channelId, messageId: id, threadId: target.thread.threadId };
  }
  async update(): Promise<void> {
    this.delivered++;
  }
}

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
});

const MIN = 60_000;
const BOUNDED = ['outbox', 'inbox', 'deliveries', 'message_refs', 'chat_threads', 'web_messages', 'dead_letters', 'incidents', 'alerts', 'timers'] as const;

it('an hour of alert storm keeps the database and the heap flat', async () => {
  const chat = new CountingChat();
  app = await createTestApp({ app: { chats: [chat] }, env: { LOG_LEVEL: 'warn' } });
  const retention = new RetentionPass({
    table: app.store.retention,
    clock: app.clock,
    log: app.log,
    everyMs: 5 * MIN,
    limits: { deliveredOutboxMs: 10 * MIN, failedOutboxMs: 10 * MIN, completedInboxMs: 10 * MIN, deliveriesMs: 10 * MIN, deadLettersMs: 10 * MIN, webThreadReplies: 100 },
  });
  const dbFiles = ['firebreak.db', 'firebreak.db-wal'].map((f) => join(app!.dir, f));
  const dbBytes = () => dbFiles.reduce((sum, f) => sum + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
  const samples: { rows: Record<string, number>; bytes: number; heap: number; rss: number }[] = [];
  let accepted = 0;
  let refused = 0;

  for (let second = 0; second < 3600; second += 30) {
    for (let g = 0; g < 5; g++) {
      // every group resends; one alert of each group flaps every two minutes
      const flap = (second / 30) % 4 === 1;
      const alerts = Array.from({ length: 20 }, (_, i) => ({ fingerprint: `g${g}-a${i}`, status: flap && i === 0 ? ('resolved' as const) : ('firing' as const) }));
      const res = await post(app, 'alertmanager', amGroup(`Storm${g}`, alerts));
      if (res.statusCode === 202) accepted++;
      else refused++;
    }
    if (second % 60 === 0) await post(app, 'alertmanager', '{"not":"an alert"}'); // a dead letter a minute
    app.clock.advance(30_000);
    await app.scheduler.tick();
    await retention.run();
    if (second % 300 === 0) {
      gc();
      const mem = process.memoryUsage();
      samples.push({ rows: await app.store.retention.rowCounts(), bytes: dbBytes(), heap: mem.heapUsed, rss: mem.rss });
    }
  }

  expect(refused).toBe(0);
  expect(accepted).toBe(600);
  expect(chat.delivered).toBeGreaterThan(20);
  const mid = samples[Math.floor(samples.length / 2)]!;
  const last = samples.at(-1)!;
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  for (const table of BOUNDED) {
    // a plateau: nothing in the second half above where it stood at the half hour, give or take a quarter
    const peak = Math.max(...secondHalf.map((s) => s.rows[table]!));
    expect(peak, `${table} rows: ${samples.map((s) => s.rows[table]).join(' → ')}`).toBeLessThanOrEqual(Math.ceil(mid.rows[table]! * 1.25) + 20);
  }
  expect(last.bytes, `database bytes: ${samples.map((s) => s.bytes).join(' → ')}`).toBeLessThanOrEqual(mid.bytes * 1.5 + 1024 * 1024);
  const heapGrowth = last.heap - mid.heap;
  const rssGrowth = last.rss - mid.rss;
  expect(heapGrowth, `heap: ${samples.map((s) => Math.round(s.heap / 1e6)).join(' → ')} MB`).toBeLessThan(32 * 1024 * 1024);
  expect(rssGrowth, `rss: ${samples.map((s) => Math.round(s.rss / 1e6)).join(' → ')} MB`).toBeLessThan(96 * 1024 * 1024);
}, 120_000);
