/** Time as the core sees it. Production uses the system clock; tests and benchmarks a manual one. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A clock that moves only when told to. `advance` wakes every sleeper whose time has come. */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: { wakeAt: number; resolve: () => void }[] = [];

  constructor(start: number | string = '2026-01-05T09:00:00Z') {
    this.#now = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = { wakeAt: this.#now + Math.max(0, ms), resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        resolve();
      });
    });
  }

  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  set(at: number): void {
    this.#now = at;
    const due = this.#sleepers.filter((s) => s.wakeAt <= at);
    this.#sleepers = this.#sleepers.filter((s) => s.wakeAt > at);
    for (const sleeper of due) sleeper.resolve();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
