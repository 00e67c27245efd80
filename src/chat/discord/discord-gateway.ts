/**
 * The gateway connection: a discord.js client (its REST queue is also Firebreak's) whose raw
 * INTERACTION_CREATE and MESSAGE_REACTION_ADD packets are handed on. discord.js resumes after a
 * disconnect; a replayed interaction is stored once by the inbox and not run again.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Logger } from '../../core/logger.js';

export type GatewayState = 'idle' | 'connecting' | 'ready' | 'disconnected';

export interface GatewayOptions {
  token: string;
  apiUrl: string;
  messageContent: boolean;
  log: Logger;
  onInteraction(interaction: unknown): void;
  onReaction(reaction: unknown): void;
}

export class DiscordGateway {
  readonly client: Client;
  #state: GatewayState = 'idle';

  constructor(private readonly options: GatewayOptions) {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions];
    if (options.messageContent) intents.push(GatewayIntentBits.MessageContent);
    this.client = new Client({
      intents,
      rest: {
        api: options.apiUrl.replace(/\/+$/, ''),
        // Posts and edits are paced by the outbox: a 429 goes back to it (its lane waits), not into a hidden wait here.
        rejectOnRateLimit: (limit) => limit.route.startsWith('/channels'),
        retries: 2,
        timeout: 10_000,
      },
    });
    this.client.rest.setToken(options.token);
    const { log } = options;
    this.client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
      if (packet.t === 'INTERACTION_CREATE') options.onInteraction(packet.d);
      else if (packet.t === 'MESSAGE_REACTION_ADD') options.onReaction(packet.d);
    });
    this.client.on(Events.ShardReady, () => this.#set('ready'));
    this.client.on(Events.ShardResume, () => this.#set('ready'));
    this.client.on(Events.ShardReconnecting, () => this.#set('connecting'));
    this.client.on(Events.ShardDisconnect, (event) => {
      log.error({ code: event.code }, 'discord gateway closed for good');
      this.#set('disconnected');
    });
    this.client.on(Events.Error, (err) => log.error({ err }, 'discord gateway error'));
    this.client.on(Events.Warn, (warning) => log.warn({ warning }, 'discord gateway warning'));
  }

  get state(): GatewayState {
    return this.#state;
  }

  async start(): Promise<void> {
    this.#set('connecting');
    try {
      await this.client.login(this.options.token);
    } catch (err) {
      this.#set('disconnected');
      // The message of a login failure names the reason, never the token.
      this.options.log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'discord gateway login failed');
    }
  }

  /** Closes the gateway session; REST (shared with the outbox) keeps its token, and `start` may log in again. */
  async stop(): Promise<void> {
    if (this.#state === 'idle') return;
    this.#set('idle');
    await this.client.destroy();
    this.client.rest.setToken(this.options.token);
  }

  #set(state: GatewayState): void {
    if (state === this.#state) return;
    this.options.log.info({ from: this.#state, to: state }, 'discord gateway state');
    this.#state = state;
  }
}
