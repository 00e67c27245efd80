import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { OutsideQueryError, isInsideTransaction, runInsideTransaction } from './transaction-guard.js';

interface Pending {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  /** Commits of this unit are announced to `onCommit` (state changes, not bookkeeping). */
  notify: boolean;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: every unit of work that arrives during one event-loop turn runs in one database
 * transaction, each inside its own savepoint. A unit that throws is rolled back to its savepoint
 * alone; the others commit together, with one disk sync instead of one each. Every caller hears of
 * its outcome only after the commit (or the failed commit), so "acknowledged" still means "on disk".
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (err: unknown) => unknown,
    private readonly onCommit: () => void,
    private readonly maxBatch = 256,
  ) {}

  run<T>(work: (trx: Transaction<Database>) => Promise<T>, notify = false): Promise<T> {
    // A unit queued from inside another would wait for the batch that waits for it.
    if (isInsideTransaction()) return Promise.reject(new OutsideQueryError());
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, notify, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.maxBatch);
    if (this.#queue.length > 0) {
      this.#scheduled = true;
      setImmediate(() => void this.#flush());
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const item of batch) {
          if (batch.length === 1) {
            outcomes.push({ ok: true, value: await runInsideTransaction(() => item.work(trx)) });
            continue;
          }
          await sql`savepoint unit`.execute(trx);
          try {
            const value = await runInsideTransaction(() => item.work(trx));
            await sql`release savepoint unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (err) {
            try {
              await sql`rollback to savepoint unit`.execute(trx);
              await sql`release savepoint unit`.execute(trx);
            } catch {
              // SQLite already rolled the whole transaction back (SQLITE_FULL, SQLITE_IOERR…): the
              // batch fails with the unit's own error, which says what went wrong.
              throw err;
            }
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // The commit itself failed (or the single unit threw): nothing of this batch is stored.
      const failure = this.onError(err);
      batch.forEach((item, i) => item.reject(outcomes[i]?.ok === false ? this.onError((outcomes[i] as { err: unknown }).err) : failure));
      return;
    }
    if (batch.some((item, i) => item.notify && outcomes[i]!.ok)) this.onCommit();
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(this.onError(outcome.err));
    });
  }
}
