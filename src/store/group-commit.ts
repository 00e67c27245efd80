import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { OutsideQueryError, isInsideTransaction, runInsideTransaction } from './transaction-guard.js';
import { isAhead } from './units-ahead.js';

interface Pending {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  /** Commits of this unit are announced to `onCommit` (state changes, not bookkeeping). */
  notify: boolean;
  /** The caller hears of the commit only once it is on disk (false: bookkeeping after a side effect). */
  durable: boolean;
  /** Queued inside `runAhead`: a person waits for it. */
  ahead: boolean;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** Units in one transaction at most (default 256). */
  maxBatch?: number;
  /**
   * Once the units of a transaction have run this long, it commits with those and the rest wait for
   * the next turn (default 4 ms): a turn of the event loop never holds a long batch.
   */
  batchMs?: number;
  /** The clock of `batchMs` (default `performance.now`). */
  now?: () => number;
  /** Resolves once the commit just made is on disk (SQLite: the WAL flushed off the event loop). */
  durable?: () => Promise<void>;
  /** Savepoints run directly on the connection (SQLite: `exec`), skipping the query builder. */
  savepoints?: Savepoints;
  /** Told of every commit written (SQLite: the WAL checkpointer counts them). */
  committed?: () => void;
}

export interface Savepoints {
  begin(trx: Transaction<Database>): Promise<void> | void;
  release(trx: Transaction<Database>): Promise<void> | void;
  rollback(trx: Transaction<Database>): Promise<void> | void;
}

const SQL_SAVEPOINTS: Savepoints = {
  begin: async (trx) => void (await sql`savepoint unit`.execute(trx)),
  release: async (trx) => void (await sql`release savepoint unit`.execute(trx)),
  rollback: async (trx) => {
    await sql`rollback to savepoint unit`.execute(trx);
    await sql`release savepoint unit`.execute(trx);
  },
};

/**
 * Group commit: every unit of work that arrives during one event-loop turn runs in one database
 * transaction, each inside its own savepoint. A unit that throws is rolled back to its savepoint
 * alone; the others commit together, with one disk sync instead of one each. Every caller hears of
 * its outcome only after the commit (or the failed commit), so "acknowledged" still means "on disk".
 *
 * A transaction's units run for `batchMs` at most (one unit at least); those not reached wait for
 * the next turn, first in line, so requests and flushes are served in between. Units a person waits
 * for (`runAhead`) are queued ahead of the rest.
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;
  /** The flush of the latest commit that held durable units, until it is done. */
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (err: unknown) => unknown,
    private readonly onCommit: () => void,
    private readonly options: GroupCommitOptions = {},
  ) {}

  run<T>(work: (trx: Transaction<Database>) => Promise<T>, notify = false, durable = true): Promise<T> {
    // A unit queued from inside another would wait for the batch that waits for it.
    if (isInsideTransaction()) return Promise.reject(new OutsideQueryError());
    return new Promise<T>((resolve, reject) => {
      const item = { work, notify, durable, ahead: isAhead(), resolve: resolve as (value: unknown) => void, reject };
      if (item.ahead) this.#queue.splice(this.#aheadQueued(), 0, item);
      else this.#queue.push(item);
      this.#schedule();
    });
  }

  /** Units queued ahead, all at the front of the queue. */
  #aheadQueued(): number {
    let n = 0;
    while (n < this.#queue.length && this.#queue[n]!.ahead) n++;
    return n;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  /** Units a transaction did not reach go first in the next; units ahead stay in front. */
  #putBack(rest: Pending[]): void {
    if (rest.length === 0) return;
    const queued = [...rest, ...this.#queue];
    this.#queue = [...queued.filter((item) => item.ahead), ...queued.filter((item) => !item.ahead)];
    this.#schedule();
  }

  /**
   * Resolves once every commit so far that held durable units is on disk: a read made straight on
   * the connection between commits may be answered then, as if it had been a unit of its own.
   */
  async settled(): Promise<void> {
    try {
      await this.#flushing;
    } catch (err) {
      throw this.onError(err);
    }
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.options.maxBatch ?? 256);
    if (this.#queue.length > 0) this.#schedule();
    const savepoints = this.options.savepoints ?? SQL_SAVEPOINTS;
    const now = this.options.now ?? (() => performance.now());
    const batchMs = this.options.batchMs ?? 4;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const began = now();
        let reached = 0;
        try {
          for (const item of batch) {
            if (reached > 0 && now() - began >= batchMs) break;
            reached++;
            if (batch.length === 1) {
              outcomes.push({ ok: true, value: await runInsideTransaction(() => item.work(trx)) });
              continue;
            }
            await savepoints.begin(trx);
            try {
              const value = await runInsideTransaction(() => item.work(trx));
              await savepoints.release(trx);
              outcomes.push({ ok: true, value });
            } catch (err) {
              try {
                await savepoints.rollback(trx);
              } catch {
                // SQLite already rolled the whole transaction back (SQLITE_FULL, SQLITE_IOERR…): the
                // batch fails with the unit's own error, which says what went wrong.
                throw err;
              }
              outcomes.push({ ok: false, err });
            }
          }
        } finally {
          this.#putBack(batch.splice(reached));
        }
      });
      this.options.committed?.();
    } catch (err) {
      // The commit itself failed (or the single unit threw): nothing of this batch is stored.
      const failure = this.onError(err);
      batch.forEach((item, i) => item.reject(outcomes[i]?.ok === false ? this.onError((outcomes[i] as { err: unknown }).err) : failure));
      return;
    }
    const settle = (item: Pending, i: number) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(this.onError(outcome.err));
    };
    // Bookkeeping (a delivery marked done) goes on at once; the rest waits for the disk.
    batch.forEach((item, i) => item.durable || settle(item, i));
    const waiting = batch.flatMap((item, i) => (item.durable ? [i] : []));
    if (waiting.length === 0) return;
    const flushing = this.options.durable?.();
    if (flushing) {
      this.#flushing = flushing;
      void flushing.then(
        () => this.#flushing === flushing && (this.#flushing = undefined),
        () => this.#flushing === flushing && (this.#flushing = undefined),
      );
    }
    try {
      await flushing;
    } catch (err) {
      const failure = this.onError(err);
      for (const i of waiting) batch[i]!.reject(failure);
      return;
    }
    if (waiting.some((i) => batch[i]!.notify && outcomes[i]!.ok)) this.onCommit();
    for (const i of waiting) settle(batch[i]!, i);
  }
}
