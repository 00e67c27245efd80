/** An in-memory `WebMessageLog` with the same semantics the SQL implementation must have. */
import type { ChatMessage } from '../../../src/core/message.js';
import type { WebMessageLog, WebMessageQuery, WebMessageRow } from '../../../src/chat/web/web-message-log.js';

export class MemoryWebMessageLog implements WebMessageLog {
  readonly rows: WebMessageRow[] = [];
  #nextId = 1;

  readonly #delivered = new Map<string, number>();

  async insert({ deliveryKey, ...row }: Omit<WebMessageRow, 'id'> & { deliveryKey?: string }): Promise<number> {
    if (deliveryKey !== undefined && this.#delivered.has(deliveryKey)) throw new Error(`delivery key ${deliveryKey} is taken`);
    const id = this.#nextId++;
    this.rows.push(structuredClone({ id, ...row }));
    if (deliveryKey !== undefined) this.#delivered.set(deliveryKey, id);
    return id;
  }

  async findDelivered(key: string): Promise<WebMessageRow | undefined> {
    const id = this.#delivered.get(key);
    const row = this.rows.find((r) => r.id === id);
    return row && structuredClone(row);
  }

  async update(id: number, message: ChatMessage, at: number): Promise<WebMessageRow | undefined> {
    const row = this.rows.find((r) => r.id === id);
    if (!row) return undefined;
    row.message = structuredClone(message);
    row.updatedAt = at;
    return structuredClone(row);
  }

  async list(query: WebMessageQuery): Promise<WebMessageRow[]> {
    const matching = this.rows.filter(
      (r) =>
        (query.channel === undefined || r.channel === query.channel) &&
        (query.threadId === undefined || r.threadId === query.threadId) &&
        (query.beforeId === undefined || r.id < query.beforeId),
    );
    const page = query.limit === undefined ? matching : matching.slice(-query.limit);
    return structuredClone(page);
  }
}
