/**
 * The background work of one process, each kind on a loop of its own: durable timers (reminders,
 * escalations), chat delivery (the outbox), alert deliveries queued during a burst, and stored
 * interactions left unfinished by a crash. A
 * loop sleeps until its next due time or until a commit wakes it; no timer per incident.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Timer, TimerStore } from '../core/ports.js';
import type { AlertQueue } from '../core/alert-queue.js';
import type { InteractionInbox } from './interaction-inbox.js';
import type { OutboxSender } from './outbox-sender.js';
import type { RetentionPass } from './retention-pass.js';
import { WorkLoop } from './work-loop.js';

export interface SchedulerOptions {
  timers: TimerStore;
  outbox: OutboxSender;
  inbox?: InteractionInbox;
  /** Alert deliveries queued during a burst, ingested in order on a loop of their own. */
  intake?: Pick<AlertQueue, 'drain' | 'nextDueAt'>;
  /** Deletes what is kept only for a while; its own loop, not part of `tick()`. */
  retention?: RetentionPass;
  clock: Clock;
  log: Logger;
  onTimer: (timer: Timer) => Promise<void>;
  /** Longest sleep, so work queued by another replica is picked up. */
  maxIdleMs?: number;
  batchSize?: number;
  leaseMs?: number;
}

export class Scheduler {
  readonly loops: WorkLoop[];

  constructor(private readonly options: SchedulerOptions) {
    const { clock, log } = options;
    const maxIdleMs = options.maxIdleMs ?? 30_000;
    const loop = (name: string, pass: (stopping: AbortSignal) => Promise<unknown>, nextDueAt: () => Promise<number | undefined>) =>
      new WorkLoop({ name, clock, log, maxIdleMs, pass: async (stopping) => void (await pass(stopping)), nextDueAt });
    // On stop, timers and the outbox finish the item in hand and leave the rest queued for the next start.
    this.loops = [
      loop('timers', (stopping) => this.fireDueTimers(stopping), () => options.timers.nextTimerDueAt()),
      loop('outbox', (stopping) => options.outbox.drain(stopping), () => options.outbox.nextDueAt()),
    ];
    const intake = options.intake;
    if (intake) this.loops.push(loop('intake', (stopping) => intake.drain(stopping), async () => intake.nextDueAt()));
    const inbox = options.inbox;
    if (inbox) this.loops.push(loop('inbox', () => inbox.recover(), () => inbox.nextDueAt()));
    const retention = options.retention;
    if (retention) this.loops.push(loop('retention', () => retention.run(), () => retention.nextDueAt()));
  }

  /** Ingests queued alert deliveries, fires every due timer, delivers every due message, finishes stranded interactions. Tests call this after moving the clock. */
  async tick(): Promise<void> {
    await this.options.intake?.drain();
    await this.fireDueTimers();
    await this.options.outbox.drain();
    await this.options.inbox?.recover();
  }

  /**
   * Claims due timers in batches and runs their handlers; a failing handler is retried when its lease
   * ends. Once `stopping` aborts, no new batch is claimed (the claimed ones still fire).
   */
  async fireDueTimers(stopping?: AbortSignal): Promise<void> {
    const { timers, clock, log, onTimer } = this.options;
    const batch = this.options.batchSize ?? 200;
    for (;;) {
      const due = await timers.claimDueTimers(clock.now(), batch, this.options.leaseMs ?? 60_000);
      for (const timer of due) {
        try {
          await onTimer(timer);
        } catch (err) {
          log.error({ err, incidentId: timer.incidentId, timer: timer.kind }, 'timer handler failed; retrying when its lease ends');
        }
      }
      if (due.length < batch || stopping?.aborted) break;
    }
  }

  start(): void {
    for (const loop of this.loops) loop.start();
  }

  /** Something was queued: look again now instead of at the next due time. */
  wake(): void {
    for (const loop of this.loops) loop.wake();
  }

  /** Only the named loop looks again now. */
  wakeLoop(name: string): void {
    this.loops.find((loop) => loop.name === name)?.wake();
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }
}
