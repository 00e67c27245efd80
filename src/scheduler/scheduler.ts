/**
 * One loop for all incidents: it sleeps until the earliest timer or outbox row is due (or until a
 * commit wakes it), claims what is due with a lease, and goes back to sleep. No timer per incident.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Timer, TimerStore } from '../core/ports.js';
import type { OutboxSender } from './outbox-sender.js';

export interface SchedulerOptions {
  timers: TimerStore;
  outbox: OutboxSender;
  outboxDueAt: () => Promise<number | undefined>;
  clock: Clock;
  log: Logger;
  onTimer: (timer: Timer) => Promise<void>;
  /** Longest sleep, so work queued by another replica is picked up. */
  maxIdleMs?: number;
  batchSize?: number;
  leaseMs?: number;
}

export class Scheduler {
  #wake = new AbortController();
  #running: Promise<void> | undefined;
  #stopping = false;
  #ticking: Promise<void> | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  /** Fires every due timer, then delivers every due message. Tests call this after moving the clock. */
  async tick(): Promise<void> {
    while (this.#ticking) await this.#ticking;
    this.#ticking = this.#tick();
    try {
      await this.#ticking;
    } finally {
      this.#ticking = undefined;
    }
  }

  async #tick(): Promise<void> {
    const { timers, clock, log, onTimer } = this.options;
    const batch = this.options.batchSize ?? 200;
    for (;;) {
      const due = await timers.claimDueTimers(clock.now(), batch, this.options.leaseMs ?? 60_000);
      for (const timer of due) {
        try {
          await onTimer(timer);
        } catch (err) {
          // The lease expires and another tick retries it; the error is worth a look.
          log.error({ err, incidentId: timer.incidentId, timer: timer.kind }, 'timer handler failed');
        }
      }
      if (due.length < batch) break;
    }
    await this.options.outbox.drain();
  }

  start(): void {
    if (this.#running) return;
    this.#running = this.#loop();
  }

  /** Something was queued: look again now instead of at the next due time. */
  wake(): void {
    this.#wake.abort();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#running;
    await this.#ticking;
  }

  async #loop(): Promise<void> {
    const { clock, log, timers } = this.options;
    while (!this.#stopping) {
      const signal = this.#wake.signal;
      try {
        await this.tick();
      } catch (err) {
        log.error({ err }, 'scheduler tick failed');
      }
      if (this.#stopping) break;
      if (signal.aborted) {
        this.#wake = new AbortController();
        continue;
      }
      const next: (number | undefined)[] = await Promise.all([timers.nextTimerDueAt(), this.options.outboxDueAt()]).catch(() => []);
      const dueAt = Math.min(...next.filter((n): n is number => n !== undefined), clock.now() + (this.options.maxIdleMs ?? 30_000));
      await clock.sleep(Math.max(0, dueAt - clock.now()), signal);
      if (signal.aborted) this.#wake = new AbortController();
    }
  }
}
