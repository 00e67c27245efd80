/**
 * Deletes what Firebreak keeps only for a while, so no table grows without bound. Incidents, their
 * timelines and alerts are the record and are kept; the chat bookkeeping around them is not.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface RetentionLimits {
  /** Delivered outbox rows (the platform has them). */
  deliveredOutboxMs: number;
  /** Outbox rows given up on (refused, set aside): kept longer, for inspection. */
  failedOutboxMs: number;
  /** Finished interactions (commands, clicks) in the inbox. */
  completedInboxMs: number;
  /** Delivery ids kept to recognise a platform's retry (Slack event ids, webhook ids, signed-body hashes). */
  deliveriesMs: number;
  /** Refused webhook bodies (also capped by count when one is added). */
  deadLettersMs: number;
  /** Pages sent or given up on. */
  finishedPagesMs: number;
  /** After an incident is resolved this long, its chat bookkeeping goes: message references, thread directory, console thread. */
  resolvedChatMs: number;
  /** Replies kept per console thread (the newest; the root stays). */
  webThreadReplies: number;
  /** Channel messages kept per console channel that belong to no incident thread (the newest). */
  webChannelMessages: number;
}

export const RETENTION_DEFAULTS: Readonly<RetentionLimits> = Object.freeze({
  deliveredOutboxMs: 6 * HOUR,
  failedOutboxMs: 7 * DAY,
  completedInboxMs: DAY,
  deliveriesMs: 7 * DAY,
  deadLettersMs: 7 * DAY,
  finishedPagesMs: 30 * DAY,
  resolvedChatMs: 30 * DAY,
  webThreadReplies: 1000,
  webChannelMessages: 2000,
});

export type RetentionCounts = Record<string, number>;

export class RetentionTable {
  constructor(
    private readonly db: Kysely<Database>,
    /** Runs a write in the store's group commit. */
    private readonly write: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>,
  ) {}

  /** Deletes everything past its limit at `now`; answers how many rows went, per table. */
  async prune(now: number, limits: RetentionLimits = RETENTION_DEFAULTS): Promise<RetentionCounts> {
    const counts: RetentionCounts = {};
    const add = (table: string, n: bigint | number | undefined) => {
      const value = Number(n ?? 0);
      if (value > 0) counts[table] = (counts[table] ?? 0) + value;
    };
    const del = async (table: string, work: (trx: Transaction<Database>) => Promise<{ numDeletedRows: bigint }[] | { numDeletedRows: bigint }>) => {
      const result = await this.write(work);
      for (const r of Array.isArray(result) ? result : [result]) add(table, r.numDeletedRows);
    };

    await del('outbox', (db) => db.deleteFrom('outbox')
      .where('delivered_at', 'is not', null)
      .where((eb) => eb.or([
        eb.and([eb('delivered_at', '<', now - limits.deliveredOutboxMs), eb.or([eb('last_error', 'is', null), eb('last_error', 'not like', 'failed:%')])]),
        eb('delivered_at', '<', now - limits.failedOutboxMs),
      ]))
      .executeTakeFirst());
    await del('inbox', (db) => db.deleteFrom('inbox').where('completed_at', '<', now - limits.completedInboxMs).executeTakeFirst());
    await del('deliveries', (db) => db.deleteFrom('deliveries').where('received_at', '<', now - limits.deliveriesMs).executeTakeFirst());
    await del('dead_letters', (db) => db.deleteFrom('dead_letters').where('received_at', '<', now - limits.deadLettersMs).executeTakeFirst());
    await del('pages', (db) => db.deleteFrom('pages')
      .where((eb) => eb.or([eb('sent_at', '<', now - limits.finishedPagesMs), eb('failed_at', '<', now - limits.finishedPagesMs)]))
      .executeTakeFirst());

    // The chat bookkeeping of incidents resolved long ago (a reopened incident is not resolved: kept).
    const resolvedBefore = now - limits.resolvedChatMs;
    const old = (db: Kysely<Database>) => db.selectFrom('incidents').select('id').where('status', '=', 'resolved').where('resolved_at', '<', resolvedBefore);
    const oldScopes = (db: Kysely<Database>) =>
      db.selectFrom('incidents').select(sql<string>`'incident:' || id`.as('scope')).where('status', '=', 'resolved').where('resolved_at', '<', resolvedBefore);
    await del('message_refs', (db) => db.deleteFrom('message_refs').where('scope', 'in', oldScopes(db)).executeTakeFirst());
    await del('chat_threads', (db) => db.deleteFrom('chat_threads').where('incident_id', 'in', old(db)).executeTakeFirst());
    await del('web_messages', (db) => db.deleteFrom('web_messages').where('incident_id', 'in', old(db)).executeTakeFirst());

    // Console threads and channels keep their newest messages.
    const longThreads = await this.db
      .selectFrom('web_messages')
      .select('thread_id')
      .where('thread_id', 'is not', null)
      .groupBy('thread_id')
      .having((eb) => eb.fn.countAll(), '>', limits.webThreadReplies)
      .execute();
    for (const { thread_id: thread } of longThreads) {
      await del('web_messages', (db) => db.deleteFrom('web_messages')
        .where('thread_id', '=', thread)
        .where('id', '<', (eb) => eb.selectFrom('web_messages').select('id').where('thread_id', '=', thread).orderBy('id', 'desc').limit(1).offset(limits.webThreadReplies - 1))
        .executeTakeFirst());
    }
    for (const channel of ['incidents', 'status']) {
      await del('web_messages', (db) => db.deleteFrom('web_messages')
        .where('channel', '=', channel)
        .where('thread_id', 'is', null)
        .where('incident_id', 'is', null)
        .where('id', '<', (eb) => eb.selectFrom('web_messages').select('id').where('channel', '=', channel).where('thread_id', 'is', null).where('incident_id', 'is', null).orderBy('id', 'desc').limit(1).offset(limits.webChannelMessages - 1))
        .executeTakeFirst());
    }
    return counts;
  }

  /** Rows per table, for tests and the soak. */
  async rowCounts(): Promise<Record<string, number>> {
    const tables = ['incidents', 'timeline', 'alerts', 'outbox', 'inbox', 'deliveries', 'dead_letters', 'message_refs', 'chat_threads', 'web_messages', 'timers', 'pages'] as const;
    const out: Record<string, number> = {};
    for (const table of tables) {
      const row = await this.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  }
}
