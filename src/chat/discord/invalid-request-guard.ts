/**
 * Discord bans an IP that makes 10,000 invalid requests (401, 403, 429) in 10 minutes. This guard
 * counts them in a sliding window and stops calling a route that keeps failing — and every route,
 * far below the ban — until the window has room again.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';

export interface GuardLimits {
  windowMs: number;
  /** Invalid responses of one route in the window before that route is paused. */
  perRoute: number;
  /** Invalid responses in total before every call is paused (Discord bans at 10,000). */
  total: number;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = { windowMs: 10 * 60_000, perRoute: 100, total: 1_000 };

export class InvalidRequestGuard {
  readonly #failures = new Map<string, number[]>();
  readonly #all: number[] = [];
  readonly #counter: Counter<'status'>;
  readonly #paused: Gauge;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    metrics: Registry,
    private readonly limits: GuardLimits = DEFAULT_GUARD_LIMITS,
  ) {
    this.#counter = new Counter({ name: 'firebreak_discord_invalid_requests_total', help: 'Discord answers 401, 403 or 429 (Discord bans at 10,000 in 10 minutes)', labelNames: ['status'], registers: [metrics] });
    this.#paused = new Gauge({ name: 'firebreak_discord_paused_routes', help: 'Discord routes not called because they kept failing (-1: every route)', registers: [metrics], collect: () => this.#paused.set(this.pausedRoutes()) });
  }

  /** Records one answer; only 401, 403 and 429 count. */
  record(route: string, status: number): void {
    if (status !== 401 && status !== 403 && status !== 429) return;
    const now = this.clock.now();
    this.#counter.inc({ status: String(status) });
    const list = this.#failures.get(route) ?? [];
    list.push(now);
    this.#failures.set(route, list);
    this.#all.push(now);
    this.#prune(now);
    if (list.length === this.limits.perRoute) this.log.error({ route, status, failures: list.length, windowMs: this.limits.windowMs }, 'discord route keeps failing; pausing it');
    if (this.#all.length === this.limits.total) this.log.error({ failures: this.#all.length, windowMs: this.limits.windowMs }, 'too many invalid discord requests; pausing every call');
  }

  /** How long calls to `route` must wait (0: go ahead). */
  waitFor(route: string): number {
    const now = this.clock.now();
    this.#prune(now);
    const { windowMs } = this.limits;
    let until = 0;
    if (this.#all.length >= this.limits.total) until = this.#all[this.#all.length - this.limits.total]! + windowMs;
    const list = this.#failures.get(route) ?? [];
    if (list.length >= this.limits.perRoute) until = Math.max(until, list[list.length - this.limits.perRoute]! + windowMs);
    return Math.max(0, until - now);
  }

  /** Why every call is paused, or undefined. */
  get trippedReason(): string | undefined {
    this.#prune(this.clock.now());
    return this.#all.length >= this.limits.total ? `${this.#all.length} invalid Discord requests in 10 minutes; calls paused below the ban threshold` : undefined;
  }

  pausedRoutes(): number {
    if (this.trippedReason) return -1;
    return [...this.#failures.values()].filter((list) => list.length >= this.limits.perRoute).length;
  }

  #prune(now: number): void {
    const from = now - this.limits.windowMs;
    while (this.#all.length && this.#all[0]! <= from) this.#all.shift();
    for (const [route, list] of this.#failures) {
      while (list.length && list[0]! <= from) list.shift();
      if (!list.length) this.#failures.delete(route);
    }
  }
}
