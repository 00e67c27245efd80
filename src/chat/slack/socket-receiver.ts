/**
 * Socket Mode (`SLACK_APP_TOKEN`): Bolt's receiver for the connection, with deliveries routed through
 * `dispatchToBolt` so an event is stored before its envelope is acknowledged, as over HTTP.
 */
import { SocketModeReceiver, type App } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { toBoltLogger } from './bolt-logger.js';
import { dispatchToBolt } from './dispatch-to-bolt.js';
import { slackClientOptions } from './slack-api.js';
import type { ChatAdapterDeps } from '../chat-adapter.js';
import { runAhead } from '../../store/units-ahead.js';

interface SocketDelivery {
  ack: (response?: unknown) => Promise<void>;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

interface SocketClient {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeAllListeners(event: string): unknown;
}

export class SlackSocketReceiver extends SocketModeReceiver {
  #connected = false;
  readonly #pending = new Set<Promise<void>>();

  constructor(options: { appToken: string; apiUrl: string; log: Logger; interactionsFirst?: ChatAdapterDeps['interactionsFirst'] }) {
    super({
      appToken: options.appToken,
      logger: toBoltLogger(options.log),
      installerOptions: { clientOptions: slackClientOptions(options.apiUrl, options.log) },
    });
    const client = this.client as unknown as SocketClient;
    client.on('connected', () => {
      this.#connected = true;
    });
    client.on('disconnected', () => {
      this.#connected = false;
    });
    client.removeAllListeners('slack_event');
    client.on('slack_event', (delivery: SocketDelivery) => {
      const app = (this as unknown as { app?: App }).app;
      if (!app) return;
      // A person may wait for this envelope's answer: the intake yields until it is acknowledged.
      const answered = options.interactionsFirst?.begin();
      const answer = async (a: { status: number; body?: unknown }) => {
        // Not acknowledged: Slack delivers the envelope again.
        if (a.status === 200) await delivery.ack(a.body);
        answered?.();
      };
      const body = { body: delivery.body, retryNum: delivery.retry_num, retryReason: delivery.retry_reason };
      const work = runAhead(() => dispatchToBolt(app, body, answer, options.log)).finally(() => {
        answered?.();
        this.#pending.delete(work);
      });
      this.#pending.add(work);
    });
  }

  get connected(): boolean {
    return this.#connected;
  }

  async whenIdle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
