import { UpstreamError } from '../../src/core/errors.js';
import type { ChatMessage } from '../../src/core/message.js';
import type { ChatPacing, ChatPort, Delivery, MessageRef } from '../../src/core/ports.js';

export interface ChatCall {
  op: 'openThread' | 'post' | 'update';
  incidentId?: string;
  channel?: string;
  threadId?: string;
  messageId: string;
  message: ChatMessage;
  /** The delivery as the sender described it (posts and thread openings). */
  delivery?: Pick<Delivery, 'key' | 'attempt' | 'progress'>;
}

/** A chat platform that records every call, and can be told to fail the next ones. */
export class RecordingChat implements ChatPort {
  readonly calls: ChatCall[] = [];
  #next = 1;
  #failures: { error: Error; when: (message: ChatMessage) => boolean }[] = [];

  constructor(
    readonly surface = 'recording',
    readonly pacing?: ChatPacing,
  ) {}

  /** The next `count` calls (whose message satisfies `when`) throw `error`, e.g. an UpstreamError with retryAfterMs. */
  failNext(error: Error, count = 1, when: (message: ChatMessage) => boolean = () => true): void {
    for (let i = 0; i < count; i++) this.#failures.push({ error, when });
  }

  async openThread(incidentId: string, message: ChatMessage, delivery?: Delivery): Promise<MessageRef> {
    this.#maybeFail(message);
    const id = String(this.#next++);
    this.calls.push({ op: 'openThread', incidentId, channel: 'incidents', threadId: id, messageId: id, message, delivery: describe(delivery) });
    return { channelId: 'incidents', messageId: id, threadId: id };
  }

  async post(target: { channel: 'incidents' | 'status' } | { thread: MessageRef }, message: ChatMessage, delivery?: Delivery): Promise<MessageRef> {
    this.#maybeFail(message);
    const id = String(this.#next++);
    if ('channel' in target) {
      this.calls.push({ op: 'post', channel: target.channel, messageId: id, message, delivery: describe(delivery) });
      return { channelId: target.channel, messageId: id };
    }
    this.calls.push({ op: 'post', channel: target.thread.channelId, threadId: target.thread.threadId, messageId: id, message, delivery: describe(delivery) });
    return { channelId: target.thread.channelId, messageId: id, threadId: target.thread.threadId };
  }

  async update(ref: MessageRef, message: ChatMessage): Promise<void> {
    this.#maybeFail(message);
    this.calls.push({ op: 'update', channel: ref.channelId, threadId: ref.threadId, messageId: ref.messageId, message });
  }

  /** Texts of every message in a thread, in delivery order. */
  threadTexts(threadId: string): string[] {
    return this.calls.filter((c) => c.threadId === threadId).map((c) => c.message.text);
  }

  #maybeFail(message: ChatMessage): void {
    const index = this.#failures.findIndex((f) => f.when(message));
    if (index < 0) return;
    const [failure] = this.#failures.splice(index, 1);
    throw failure!.error;
  }
}

function describe(delivery: Delivery | undefined): ChatCall['delivery'] {
  if (!delivery) return undefined;
  return delivery.progress ? { key: delivery.key, attempt: delivery.attempt, progress: delivery.progress } : { key: delivery.key, attempt: delivery.attempt };
}

export function rateLimited(retryAfterMs: number): UpstreamError {
  return new UpstreamError('rate limited', { retryable: true, retryAfterMs, status: 429 });
}
