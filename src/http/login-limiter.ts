/** Wrong console tokens per client address: 10 a minute, then 429 with Retry-After. */
export const LOGIN_FAILURES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const MAX_CLIENTS = 10_000;

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();

  /** Seconds to wait, or 0 when the client may try. */
  retryAfter(client: string, now: number): number {
    const recent = this.#recent(client, now);
    if (recent.length < LOGIN_FAILURES_PER_MINUTE) return 0;
    return Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
  }

  fail(client: string, now: number): void {
    const recent = this.#recent(client, now);
    recent.push(now);
    this.#failures.delete(client);
    this.#failures.set(client, recent);
    // bounded memory: the client that failed longest ago is forgotten first
    if (this.#failures.size > MAX_CLIENTS) this.#failures.delete(this.#failures.keys().next().value!);
  }

  #recent(client: string, now: number): number[] {
    return (this.#failures.get(client) ?? []).filter((at) => at > now - WINDOW_MS);
  }
}
