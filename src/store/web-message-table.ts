import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ChatMessage } from '../core/message.js';
import type { Database } from './schema.js';

export interface WebMessageRecord {
  id: number;
  channel: 'incidents' | 'status';
  threadId: string | null;
  incidentId: string | null;
  message: ChatMessage;
  createdAt: number;
  updatedAt: number;
}

/** Persistence of the built-in console's messages (the console is a chat platform of its own). */
export class WebMessageTable {
  constructor(
    private readonly db: Kysely<Database>,
    /** Runs a write in the store's group commit. */
    private readonly write: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>,
  ) {}

  async insert(row: Omit<WebMessageRecord, 'id'> & { deliveryKey?: string }): Promise<number> {
    const inserted = await this.write((db) => db
      .insertInto('web_messages')
      .values({
        channel: row.channel,
        thread_id: row.threadId,
        incident_id: row.incidentId,
        message: JSON.stringify(row.message),
        created_at: row.createdAt,
        updated_at: row.updatedAt,
        delivery_key: row.deliveryKey ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    return Number(inserted.id);
  }

  async findDelivered(key: string): Promise<WebMessageRecord | undefined> {
    const row = await this.db.selectFrom('web_messages').selectAll().where('delivery_key', '=', key).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async update(id: number, message: ChatMessage, at: number): Promise<WebMessageRecord | undefined> {
    const row = await this.write(async (db) => {
      await db.updateTable('web_messages').set({ message: JSON.stringify(message), updated_at: at }).where('id', '=', id).execute();
      return db.selectFrom('web_messages').selectAll().where('id', '=', id).executeTakeFirst();
    });
    return row ? toRecord(row) : undefined;
  }

  async list(query: { channel?: 'incidents' | 'status'; threadId?: string | null; limit?: number; beforeId?: number }): Promise<WebMessageRecord[]> {
    let q = this.db.selectFrom('web_messages').selectAll().orderBy('id', 'desc');
    if (query.limit !== undefined) q = q.limit(query.limit);
    if (query.channel) q = q.where('channel', '=', query.channel);
    if (query.threadId === null) q = q.where('thread_id', 'is', null);
    else if (query.threadId !== undefined) q = q.where('thread_id', '=', query.threadId);
    if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
    const rows = await q.execute();
    return rows.reverse().map(toRecord);
  }
}

function toRecord(row: Selectable<Database['web_messages']>): WebMessageRecord {
  return {
    id: Number(row.id),
    channel: row.channel as WebMessageRecord['channel'],
    threadId: row.thread_id,
    incidentId: row.incident_id,
    message: JSON.parse(row.message) as ChatMessage,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
