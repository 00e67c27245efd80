/** Display names of Slack people and groups, from `users.info` (cached), for ids Slack sent without a name. */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { SlackApi } from './slack-api.js';

const TTL_MS = 60 * 60_000;
const MAX_ENTRIES = 5000;

interface SlackUser {
  name?: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

export class UserDirectory {
  readonly #cache = new Map<string, { name: string; at: number }>();

  constructor(
    private readonly api: SlackApi,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The person's display name; `fallback` (or the id) when Slack cannot say. */
  async nameOf(userId: string, fallback?: string): Promise<string> {
    const now = this.clock.now();
    const hit = this.#cache.get(userId);
    if (hit && now - hit.at < TTL_MS) return hit.name;
    try {
      const result = await this.api.call('users.info', { user: userId });
      const user = (result.user ?? {}) as SlackUser;
      const name = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || fallback || userId;
      if (this.#cache.size >= MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(userId, { name, at: now });
      return name;
    } catch (err) {
      this.log.warn({ err, userId }, 'could not look up a Slack user; using the id');
      return fallback || userId;
    }
  }
}
