/** Where the web console keeps its messages. The store implements it in SQL; tests use memory. */
import type { ChatMessage } from '../../core/message.js';

export type WebChannel = 'incidents' | 'status';

export interface WebMessageRow {
  id: number;
  channel: WebChannel;
  /** The root message's id (as a string) for a thread reply; `null` for a channel message or a root. */
  threadId: string | null;
  incidentId: string | null;
  message: ChatMessage;
  createdAt: number;
  updatedAt: number;
}

export interface WebMessageQuery {
  channel?: WebChannel;
  /** `null`: only channel messages and thread roots; a root id: only that thread's replies; absent: any. */
  threadId?: string | null;
  /** The newest `limit` rows that match (default: all). */
  limit?: number;
  /** Only rows with `id < beforeId` (paging back). */
  beforeId?: number;
}

export interface WebMessageLog {
  /** Stores a new message and returns its id (ids increase); `deliveryKey` is unique when given. */
  insert(row: Omit<WebMessageRow, 'id'> & { deliveryKey?: string }): Promise<number>;
  /** The message an earlier attempt of delivery `key` stored, if any. */
  findDelivered(key: string): Promise<WebMessageRow | undefined>;
  /** Replaces a message's content; `undefined` when there is no such message. */
  update(id: number, message: ChatMessage, at: number): Promise<WebMessageRow | undefined>;
  /** Matching rows in ascending id order: the newest `limit` of them when a limit is given. */
  list(query: WebMessageQuery): Promise<WebMessageRow[]>;
}

/** The root message of thread `id`, found with one `list` call (the newest root at or before it). */
export async function findThreadRoot(log: WebMessageLog, id: number): Promise<WebMessageRow | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const [row] = await log.list({ channel: 'incidents', threadId: null, beforeId: id + 1, limit: 1 });
  return row?.id === id ? row : undefined;
}
