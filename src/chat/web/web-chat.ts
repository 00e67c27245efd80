/** The built-in web console as a chat platform: messages go to a log and out to live subscribers. */
import { UpstreamError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ChatMessage } from '../../core/message.js';
import type { ChatPort, Delivery, MessageRef } from '../../core/ports.js';
import { findThreadRoot, type WebChannel, type WebMessageLog, type WebMessageRow } from './web-message-log.js';

/** What live subscribers receive: a message that was just inserted or edited. */
export interface WebChatEvent {
  type: 'message';
  row: WebMessageRow;
}

/** Console threads whose incident is kept in memory; others are looked up in the store. */
export const THREAD_CACHE_SIZE = 1000;

export type WebChatListener = (event: WebChatEvent) => void;

export interface WebChatOptions {
  log: WebMessageLog;
  now: () => number;
  logger?: Pick<Logger, 'error'>;
}

export class WebChat implements ChatPort {
  readonly surface = 'web';
  readonly #log: WebMessageLog;
  readonly #now: () => number;
  readonly #logger: Pick<Logger, 'error'> | undefined;
  readonly #listeners = new Set<WebChatListener>();
  /** Root id → incident id, so replies carry their incident without a lookup; the most recently used `THREAD_CACHE_SIZE`. */
  readonly #threads = new Map<string, string | null>();

  constructor(options: WebChatOptions) {
    this.#log = options.log;
    this.#now = options.now;
    this.#logger = options.logger;
  }

  async openThread(incidentId: string, message: ChatMessage, delivery?: Delivery): Promise<MessageRef> {
    const row = await this.#insert('incidents', null, incidentId, message, delivery);
    const id = String(row.id);
    this.#remember(id, incidentId);
    return { channelId: 'incidents', messageId: id, threadId: id };
  }

  async post(
    target: { channel: WebChannel } | { thread: MessageRef },
    message: ChatMessage,
    delivery?: Delivery,
  ): Promise<MessageRef> {
    if ('channel' in target) {
      const row = await this.#insert(target.channel, null, null, message, delivery);
      return { channelId: target.channel, messageId: String(row.id) };
    }
    const threadId = target.thread.threadId ?? target.thread.messageId;
    const incidentId = await this.#incidentOf(threadId);
    const row = await this.#insert('incidents', threadId, incidentId, message, delivery);
    return { channelId: 'incidents', messageId: String(row.id), threadId };
  }

  async update(ref: MessageRef, message: ChatMessage): Promise<void> {
    const id = Number(ref.messageId);
    if (!Number.isSafeInteger(id)) {
      throw new UpstreamError(`Not a web console message id: ${ref.messageId}`, { retryable: false, status: 400 });
    }
    const row = await this.#log.update(id, message, this.#now());
    if (!row) throw new UpstreamError(`No web console message ${id}`, { retryable: false, status: 404 });
    this.#emit(row);
  }

  /** Registers a live listener; returns the function that removes it. */
  subscribe(listener: WebChatListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  async #insert(
    channel: WebChannel,
    threadId: string | null,
    incidentId: string | null,
    message: ChatMessage,
    delivery: Delivery | undefined,
  ): Promise<WebMessageRow> {
    // A repeated delivery (the process died before the outbox recorded the first) finds its message.
    const earlier = delivery && delivery.attempt > 1 ? await this.#log.findDelivered(delivery.key) : undefined;
    if (earlier) return earlier;
    const at = this.#now();
    const fields = { channel, threadId, incidentId, message, createdAt: at, updatedAt: at };
    const row: WebMessageRow = { id: await this.#log.insert({ ...fields, ...(delivery ? { deliveryKey: delivery.key } : {}) }), ...fields };
    this.#emit(row);
    return row;
  }

  async #incidentOf(rootId: string): Promise<string | null> {
    const known = this.#threads.get(rootId);
    if (known !== undefined) {
      this.#remember(rootId, known);
      return known;
    }
    const root = await findThreadRoot(this.#log, Number(rootId));
    if (!root) throw new UpstreamError(`No web console thread ${rootId}`, { retryable: false, status: 404 });
    this.#remember(rootId, root.incidentId);
    return root.incidentId;
  }

  /** Threads whose incident is known without a lookup (bounded). */
  get cachedThreads(): number {
    return this.#threads.size;
  }

  #remember(rootId: string, incidentId: string | null): void {
    // Re-inserted keys go last: the first key is the least recently used.
    this.#threads.delete(rootId);
    this.#threads.set(rootId, incidentId);
    if (this.#threads.size > THREAD_CACHE_SIZE) this.#threads.delete(this.#threads.keys().next().value!);
  }

  #emit(row: WebMessageRow): void {
    const event: WebChatEvent = { type: 'message', row };
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        // One broken subscriber must not stop delivery to the others or fail the post.
        this.#logger?.error({ err, messageId: row.id }, 'web console subscriber failed');
      }
    }
  }
}
