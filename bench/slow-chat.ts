/** A chat surface for benchmarks that takes `latencyMs` to answer every call, as a distant platform would. */
import type { ChatMessage } from '../src/core/message.js';
import type { ChatPort, MessageRef } from '../src/core/ports.js';

export class SlowChat implements ChatPort {
  readonly surface = 'slow';
  /** incidentId → real times (ms since the epoch) at which a message matching `watch` was accepted. */
  readonly seen = new Map<string, number[]>();
  #next = 1;

  constructor(
    public latencyMs: number,
    private readonly watch: (message: ChatMessage) => boolean,
  ) {}

  async openThread(incidentId: string, message: ChatMessage): Promise<MessageRef> {
    const id = await this.#answer(incidentId, message);
    return { channelId: 'incidents', messageId: id, threadId: `${incidentId}:${id}` };
  }

  async post(target: { channel: 'incidents' | 'status' } | { thread: MessageRef }, message: ChatMessage): Promise<MessageRef> {
    const incidentId = 'thread' in target ? target.thread.threadId?.split(':')[0] : undefined;
    const id = await this.#answer(incidentId, message);
    return 'thread' in target ? { ...target.thread, messageId: id } : { channelId: target.channel, messageId: id };
  }

  async update(): Promise<void> {
    await this.#answer(undefined, undefined);
  }

  async #answer(incidentId: string | undefined, message: ChatMessage | undefined): Promise<string> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (incidentId && message && this.watch(message)) this.seen.set(incidentId, [...(this.seen.get(incidentId) ?? []), Date.now()]);
    return String(this.#next++);
  }
}
