/**
 * Delivers queued pages to the pager in a loop of its own, so a slow or failing pager never holds
 * up timers or chat delivery. A page is marked sent only after the pager accepted it; timeouts,
 * 5xx, network errors and 429 are retried with backoff (429 as long as the pager asks), and a page
 * that finally fails is handed to `onOutcome` so the thread says so.
 */
import type { Clock } from '../core/clock.js';
import { UpstreamError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { PageOutcome, PageResult, PageStore, Pager, QueuedPage } from '../core/ports.js';
import { WorkLoop } from './work-loop.js';

export interface PageSenderOptions {
  store: PageStore;
  pager: Pager;
  clock: Clock;
  log: Logger;
  /** Records what became of a page (in the thread, on the timeline). */
  onOutcome: (page: QueuedPage, outcome: PageOutcome) => Promise<void>;
  /** Attempts before a page is given up; each failure waits longer (BACKOFF_MS). */
  maxAttempts?: number;
  leaseMs?: number;
  /** Longest sleep, so pages queued by another replica are picked up. */
  maxIdleMs?: number;
}

export const PAGE_BACKOFF_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000];

export class PageSender {
  #ticking: Promise<number> | undefined;
  readonly #loop: WorkLoop;

  constructor(private readonly options: PageSenderOptions) {
    const { clock, log, store } = options;
    this.#loop = new WorkLoop({
      name: 'pages',
      clock,
      log,
      maxIdleMs: options.maxIdleMs ?? 30_000,
      pass: async () => void (await this.tick()),
      nextDueAt: () => store.nextPageDueAt(),
    });
  }

  /** Sends every due page until nothing more is due now; returns how many were accepted. Tests call it after moving the clock. */
  async tick(): Promise<number> {
    // A tick already running is waited out; its failure is its own caller's to report.
    while (this.#ticking) await this.#ticking.catch(() => 0);
    this.#ticking = this.#drain();
    try {
      return await this.#ticking;
    } finally {
      this.#ticking = undefined;
    }
  }

  async #drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.options.store.pendingPages(this.options.clock.now(), 50);
      if (due.length === 0) return sent;
      const results = await Promise.all(due.map((page) => this.#deliver(page)));
      const accepted = results.filter(Boolean).length;
      sent += accepted;
      if (accepted === 0) return sent;
    }
  }

  async #deliver(pending: QueuedPage): Promise<boolean> {
    const { store, clock, log, pager } = this.options;
    const page = await store.leasePage(pending.id, clock.now(), this.options.leaseMs ?? 60_000);
    if (!page) return false;
    const attempts = page.attempts + 1;
    let result: PageResult;
    try {
      result = await pager.page(page.request);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const retryable = err instanceof UpstreamError && err.retryable && attempts < (this.options.maxAttempts ?? PAGE_BACKOFF_MS.length + 1);
      if (retryable) {
        const wait = err.retryAfterMs ?? PAGE_BACKOFF_MS[Math.min(attempts - 1, PAGE_BACKOFF_MS.length - 1)]!;
        log.warn({ err, incidentId: page.incidentId, pageId: page.id, attempts, retryInMs: wait }, 'page not delivered; will retry');
        await store.retryPage(page.id, clock.now() + wait, reason);
        return false;
      }
      log.error({ err, incidentId: page.incidentId, pageId: page.id, attempts }, 'page failed; giving up');
      await store.failPage(page.id, clock.now(), reason);
      await this.#record(page, { ok: false, error: reason, attempts });
      return false;
    }
    await store.completePage(page.id, clock.now(), result.reference);
    await this.#record(page, { ok: true, result });
    return true;
  }

  async #record(page: QueuedPage, outcome: PageOutcome): Promise<void> {
    try {
      await this.options.onOutcome(page, outcome);
    } catch (err) {
      // The page itself is settled; only its note in the thread is missing.
      this.options.log.error({ err, incidentId: page.incidentId, pageId: page.id }, 'could not record the page outcome');
    }
  }

  start(): void {
    this.#loop.start();
  }

  /** A page was queued: look now instead of at the next due time. */
  wake(): void {
    this.#loop.wake();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
  }
}
