import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Inbound, InteractionContext } from '../core/interactions.js';
import type { InboxEntry, InboxStore, StoredInboxEntry } from '../core/ports.js';
import type { Database } from './schema.js';

/** Interactions stored before the platform is acknowledged: one row per (surface, delivery id). */
export class InboxTable implements InboxStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** Runs a write in the store's group commit. */
    private readonly write: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>,
  ) {}

  async acceptInteraction(entry: InboxEntry): Promise<{ id: number; duplicate: boolean }> {
    return this.write(async (db) => {
      const inserted = await db
        .insertInto('inbox')
        .values({
          surface: entry.surface,
          delivery_id: entry.deliveryId,
          inbound: JSON.stringify(entry.inbound),
          ctx: JSON.stringify(entry.ctx),
          reply_to: JSON.stringify(entry.replyTo ?? null),
          received_at: entry.receivedAt,
          due_at: entry.receivedAt,
          lease_until: null,
          completed_at: null,
          last_error: null,
        })
        .onConflict((oc) => oc.columns(['surface', 'delivery_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { id: Number(inserted.id), duplicate: false };
      const existing = await db
        .selectFrom('inbox')
        .select('id')
        .where('surface', '=', entry.surface)
        .where('delivery_id', '=', entry.deliveryId)
        .executeTakeFirstOrThrow();
      return { id: Number(existing.id), duplicate: true };
    });
  }

  async leaseInteraction(id: number, now: number, leaseMs: number): Promise<StoredInboxEntry | undefined> {
    const row = await this.write((db) => db
      .updateTable('inbox')
      .set({ lease_until: now + leaseMs })
      .where('id', '=', id)
      .where('completed_at', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .returningAll()
      .executeTakeFirst());
    return row ? toEntry(row) : undefined;
  }

  async strandedInteractions(now: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('inbox')
      .select('id')
      .where('completed_at', 'is', null)
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.id));
  }

  async completeInteraction(id: number, at: number): Promise<void> {
    await this.write((db) => db.updateTable('inbox').set({ completed_at: at, lease_until: null }).where('id', '=', id).execute());
  }

  async retryInteraction(id: number, dueAt: number, error: string): Promise<void> {
    await this.write((db) => db
      .updateTable('inbox')
      .set((eb) => ({ due_at: dueAt, lease_until: null, last_error: error.slice(0, 500), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute());
  }

  async nextInteractionDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('inbox')
      .select((eb) => eb.fn.min(eb.case().when('lease_until', '>', eb.ref('due_at')).then(eb.ref('lease_until')).else(eb.ref('due_at')).end()).as('due'))
      .where('completed_at', 'is', null)
      .executeTakeFirst();
    return row?.due == null ? undefined : Number(row.due);
  }

  /** Completed interactions older than `before` are forgotten; their delivery ids stay in `deliveries`. */
  async pruneInbox(before: number): Promise<number> {
    const result = await this.write((db) => db.deleteFrom('inbox').where('completed_at', '<', before).executeTakeFirst());
    return Number(result.numDeletedRows);
  }
}

function toEntry(row: Selectable<Database['inbox']>): StoredInboxEntry {
  return {
    id: Number(row.id),
    surface: row.surface,
    deliveryId: row.delivery_id,
    inbound: JSON.parse(row.inbound) as Inbound,
    ctx: JSON.parse(row.ctx) as InteractionContext,
    replyTo: JSON.parse(row.reply_to) as unknown,
    receivedAt: Number(row.received_at),
    attempts: Number(row.attempts),
  };
}
