import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DeliveryQueue, QueuedDelivery } from '../core/intake-ports.js';
import type { Database } from './schema.js';

type QueuedRow = Insertable<Database['queued_deliveries']>;

/** Alert deliveries taken during a burst (`AlertQueue`); a transaction takes one off as it ingests it (`takeQueuedDelivery`). */
export class QueuedDeliveryTable implements DeliveryQueue {
  constructor(
    private readonly db: Kysely<Database>,
    /** Runs a write in the store's group commit, answered once on disk. */
    private readonly write: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>,
    /** The insert straight on the connection (SQLite), inside that unit. */
    private readonly insert?: (row: QueuedRow) => void,
  ) {}

  queueDelivery(queued: QueuedDelivery): Promise<void> {
    const row: QueuedRow = {
      source: queued.source,
      request: JSON.stringify(queued.request),
      delivery_source: queued.delivery?.source ?? null,
      delivery_id: queued.delivery?.id ?? null,
      digest: queued.digest ?? null,
      received_at: queued.receivedAt,
    };
    const insert = this.insert;
    if (insert) return this.write(async () => insert(row));
    return this.write(async (trx) => void (await trx.insertInto('queued_deliveries').values(row).execute()));
  }

  async queuedDeliveries(limit: number): Promise<(QueuedDelivery & { id: number })[]> {
    const rows = await this.db.selectFrom('queued_deliveries').selectAll().orderBy('id').limit(limit).execute();
    return rows.map((r) => ({
      id: Number(r.id),
      source: r.source as QueuedDelivery['source'],
      request: JSON.parse(r.request) as QueuedDelivery['request'],
      ...(r.delivery_source !== null && r.delivery_id !== null ? { delivery: { source: r.delivery_source, id: r.delivery_id } } : {}),
      ...(r.digest !== null ? { digest: r.digest } : {}),
      receivedAt: Number(r.received_at),
    }));
  }

  async countQueuedDeliveries(): Promise<number> {
    const row = await this.db.selectFrom('queued_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
