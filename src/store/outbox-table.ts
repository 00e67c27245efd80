import type { Kysely, Transaction } from 'kysely';
import type { MessageRef, OutboxRow, OutboxStore, ThreadDirectory } from '../core/ports.js';
import { laneOf, toOutboxRow } from './rows.js';
import type { Database } from './schema.js';

/** The chat outbox and the platforms' references to delivered messages, as the sender uses them. */
export class OutboxTable implements OutboxStore, ThreadDirectory {
  constructor(
    private readonly db: Kysely<Database>,
    /** Runs a write in the store's group commit, answered once on disk. */
    private readonly write: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>,
    /** Records what a platform already did (delivered, its message id): answered once committed. */
    private readonly record: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T> = write,
  ) {}

  async pendingOutbox(now: number, limit: number): Promise<OutboxRow[]> {
    // Only the oldest undelivered row of each lane can go next; a lane whose head is leased
    // (being delivered) or not yet due waits as a whole.
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', 'in', (eb) => eb.selectFrom('outbox').select((e) => e.fn.min('id').as('id')).where('delivered_at', 'is', null).groupBy('lane'))
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toOutboxRow);
  }

  async nextInLane(delivered: OutboxRow, now: number): Promise<OutboxRow | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('lane', '=', laneOf(delivered.surface, delivered.to))
      .where('delivered_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!row || Number(row.due_at) > now || (row.lease_until !== null && Number(row.lease_until) >= now)) return undefined;
    return toOutboxRow(row);
  }

  /** Forgets delivered messages older than `before`; their thread references stay. */
  async pruneOutbox(before: number): Promise<number> {
    const result = await this.write((db) => db.deleteFrom('outbox').where('delivered_at', '<', before).executeTakeFirst());
    return Number(result.numDeletedRows);
  }

  async leaseOutbox(id: number, now: number, leaseMs: number): Promise<OutboxRow | undefined> {
    const row = await this.write((db) => db
      .updateTable('outbox')
      .set((eb) => ({ lease_until: now + leaseMs, tries: eb('tries', '+', 1) }))
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .returningAll()
      .executeTakeFirst());
    return row ? toOutboxRow(row) : undefined;
  }

  async completeOutbox(id: number, at: number): Promise<void> {
    await this.record((db) => db.updateTable('outbox').set({ delivered_at: at, lease_until: null }).where('id', '=', id).execute());
  }

  async retryOutbox(id: number, dueAt: number, error: string): Promise<void> {
    await this.write((db) => db
      .updateTable('outbox')
      .set((eb) => ({ due_at: dueAt, lease_until: null, last_error: error.slice(0, 500), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute());
  }

  async failOutbox(id: number, at: number, error: string): Promise<void> {
    await this.write((db) => db
      .updateTable('outbox')
      .set((eb) => ({ delivered_at: at, lease_until: null, last_error: `failed: ${error}`.slice(0, 500), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute());
  }

  async saveOutboxProgress(id: number, progress: MessageRef): Promise<void> {
    await this.record((db) => db.updateTable('outbox').set({ progress: JSON.stringify(progress) }).where('id', '=', id).execute());
  }

  /** When a lane head can next be sent: its due time, or the end of its lease. Rows behind a head wait for it. */
  async nextOutboxDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min(eb.case().when('lease_until', '>', eb.ref('due_at')).then(eb.ref('lease_until')).else(eb.ref('due_at')).end()).as('due'))
      .where('id', 'in', (eb) => eb.selectFrom('outbox').select((e) => e.fn.min('id').as('id')).where('delivered_at', 'is', null).groupBy('lane'))
      .executeTakeFirst();
    return row?.due == null ? undefined : Number(row.due);
  }

  async incidentOfThread(surface: string, channelId: string, threadId?: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('chat_threads')
      .select('incident_id')
      .where('surface', '=', surface)
      .where('channel_id', '=', channelId)
      .where('thread_id', '=', threadId ?? '')
      .executeTakeFirst();
    return row?.incident_id;
  }

  getMessageRef(surface: string, incidentId: string, key: string): Promise<MessageRef | undefined> {
    return this.#getRef(surface, `incident:${incidentId}`, key);
  }

  async saveMessageRef(surface: string, incidentId: string, key: string, ref: MessageRef): Promise<void> {
    await this.#saveRef(surface, `incident:${incidentId}`, key, ref);
    if (key === 'thread') await this.#saveThread(surface, ref, incidentId);
  }

  /** A thread is found by its channel and thread id; a room of its own (a channel per incident) by its channel alone. */
  async #saveThread(surface: string, ref: MessageRef, incidentId: string): Promise<void> {
    const rows = [{ surface, channel_id: ref.channelId, thread_id: ref.threadId ?? '', incident_id: incidentId }];
    await this.record((db) => db
      .insertInto('chat_threads')
      .values(rows)
      .onConflict((oc) => oc.columns(['surface', 'channel_id', 'thread_id']).doUpdateSet({ incident_id: incidentId }))
      .execute());
  }

  getChannelRef(surface: string, key: string): Promise<MessageRef | undefined> {
    return this.#getRef(surface, 'channel', key);
  }

  saveChannelRef(surface: string, key: string, ref: MessageRef): Promise<void> {
    return this.#saveRef(surface, 'channel', key, ref);
  }

  async #getRef(surface: string, scope: string, key: string): Promise<MessageRef | undefined> {
    const row = await this.db
      .selectFrom('message_refs')
      .selectAll()
      .where('surface', '=', surface)
      .where('scope', '=', scope)
      .where('msg_key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    const ref: MessageRef = { channelId: row.channel_id, messageId: row.message_id };
    if (row.thread_id !== null) ref.threadId = row.thread_id;
    return ref;
  }

  async #saveRef(surface: string, scope: string, key: string, ref: MessageRef): Promise<void> {
    const values = { channel_id: ref.channelId, message_id: ref.messageId, thread_id: ref.threadId ?? null };
    await this.record((db) => db
      .insertInto('message_refs')
      .values({ surface, scope, msg_key: key, ...values })
      .onConflict((oc) => oc.columns(['surface', 'scope', 'msg_key']).doUpdateSet(values))
      .execute());
  }
}
