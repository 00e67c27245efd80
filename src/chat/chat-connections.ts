/**
 * The long-lived chat connections (Slack Socket Mode, the Discord gateway), held only by the
 * leading replica. Each adapter is brought to the wanted state one step at a time: a disconnect
 * asked for while a connect is still under way closes the connection as soon as it is up.
 */
import type { Logger } from '../core/logger.js';
import type { ChatAdapter } from './chat-adapter.js';

export class ChatConnections {
  #wanted = false;
  readonly #connected = new Map<ChatAdapter, boolean>();
  readonly #settling = new Map<ChatAdapter, Promise<void>>();

  constructor(
    private readonly adapters: readonly ChatAdapter[],
    private readonly log: Logger,
  ) {}

  get wanted(): boolean {
    return this.#wanted;
  }

  /** Connects (true) or disconnects (false) every adapter; resolves once each has got there. */
  async set(connected: boolean): Promise<void> {
    this.#wanted = connected;
    await Promise.all(this.adapters.map((adapter) => this.#settle(adapter)));
  }

  #settle(adapter: ChatAdapter): Promise<void> {
    const running = this.#settling.get(adapter);
    if (running) return running.then(() => this.#settle(adapter));
    const work = this.#reconcile(adapter).finally(() => this.#settling.delete(adapter));
    this.#settling.set(adapter, work);
    return work;
  }

  async #reconcile(adapter: ChatAdapter): Promise<void> {
    const surface = adapter.chat.surface;
    while ((this.#connected.get(adapter) ?? false) !== this.#wanted) {
      const connect = this.#wanted;
      try {
        if (connect) await adapter.connect?.();
        else await adapter.disconnect?.();
      } catch (err) {
        // A connection that failed to open is retried by the next leadership change, and by the adapter's own reconnects.
        this.log.error({ err, surface, connect }, connect ? 'could not connect' : 'could not disconnect');
      }
      this.#connected.set(adapter, connect);
    }
  }
}
