/** On-call answers kept briefly; when PagerDuty is down, the last answer is given with its age. */
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { OnCallAnswer, OnCallEntry } from '../core/ports.js';

export interface OnCallCacheOptions {
  clock: Clock;
  lookup: (query?: string) => Promise<OnCallEntry[]>;
  /** A fresh answer is reused this long without asking again. */
  freshMs?: number;
  /** A stale answer is still offered during an outage up to this age. */
  keepMs?: number;
}

export class OnCallCache {
  readonly #answers = new Map<string, OnCallAnswer>();

  constructor(private readonly options: OnCallCacheOptions) {}

  async get(query?: string): Promise<OnCallAnswer> {
    const { clock, lookup } = this.options;
    const key = (query ?? '').trim().toLowerCase();
    const cached = this.#answers.get(key);
    const now = clock.now();
    if (cached && now - cached.asOf < (this.options.freshMs ?? 60_000)) return cached;
    try {
      const answer: OnCallAnswer = { entries: await lookup(query), asOf: clock.now() };
      this.#answers.set(key, answer);
      return answer;
    } catch (err) {
      // A wrong name is an answer, not an outage: no stale roster for it.
      if (err instanceof AppError && err.code === 'not_found') throw err;
      if (cached && now - cached.asOf < (this.options.keepMs ?? 24 * 60 * 60_000)) {
        return { ...cached, staleBecause: err instanceof Error ? err.message : String(err) };
      }
      throw err;
    }
  }
}
