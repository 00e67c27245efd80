/**
 * One kind of background work (timers, chat delivery, stored interactions) on a loop of its own: it
 * runs a pass, then sleeps until its next due time or until woken. Loops never wait for each other,
 * so a slow chat platform cannot delay a reminder.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

export interface WorkLoopOptions {
  name: string;
  clock: Clock;
  log: Logger;
  /** Does what is due now; `stopping` aborts when the loop is asked to stop, so a long pass can end early. */
  pass: (stopping: AbortSignal) => Promise<void>;
  /** When there is next something to do; undefined when nothing is scheduled. */
  nextDueAt: () => Promise<number | undefined>;
  /** Longest sleep, so work queued by another process is picked up. */
  maxIdleMs: number;
  /** Sleep after a failed pass, so a broken store is not hammered. */
  failureBackoffMs?: number;
}

/**
 * The reason a sleep is cut short. Given once: `abort()` without a reason builds a DOMException with
 * its stack each time, and a loop is woken by every commit.
 */
const WOKEN = new Error('woken');

export class WorkLoop {
  #wake = new AbortController();
  #running: Promise<void> | undefined;
  #stopping = false;
  readonly #stop = new AbortController();
  /** Passes run so far (a spinning loop shows here). */
  passes = 0;

  constructor(private readonly options: WorkLoopOptions) {}

  get name(): string {
    return this.options.name;
  }

  start(): void {
    if (!this.#running) this.#running = this.#loop();
  }

  wake(): void {
    this.#wake.abort(WOKEN);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#stop.abort();
    this.wake();
    await this.#running;
  }

  async #loop(): Promise<void> {
    const { clock, log, name } = this.options;
    while (!this.#stopping) {
      const signal = this.#wake.signal;
      let wait: number;
      try {
        this.passes++;
        await this.options.pass(this.#stop.signal);
        const due = await this.options.nextDueAt();
        const now = clock.now();
        wait = Math.min(this.options.maxIdleMs, Math.max(0, (due ?? Infinity) - now));
      } catch (err) {
        log.error({ err, loop: name }, 'background pass failed; retrying after a pause');
        wait = this.options.failureBackoffMs ?? 1_000;
      }
      if (this.#stopping) break;
      if (!signal.aborted) await clock.sleep(wait, signal);
      if (signal.aborted) this.#wake = new AbortController();
    }
  }
}
