/** Readiness: Slack answered `auth.test` lately (cached briefly) and, in Socket Mode on the leading replica, the socket is up. */
import type { Clock } from '../../core/clock.js';
import type { SlackApi } from './slack-api.js';

const CACHE_MS = 30_000;

export class SlackReadiness {
  #okAt: number | undefined;

  constructor(
    private readonly api: SlackApi,
    private readonly clock: Clock,
    private readonly socket?: { readonly connected: boolean },
  ) {}

  /** `connected`: the Socket Mode connection must be up (this replica leads). */
  async check(connected = true): Promise<void> {
    if (connected && this.socket && !this.socket.connected) throw new Error('Slack Socket Mode is not connected');
    const now = this.clock.now();
    if (this.#okAt !== undefined && now - this.#okAt < CACHE_MS) return;
    await this.api.call('auth.test', {});
    this.#okAt = now;
  }
}
