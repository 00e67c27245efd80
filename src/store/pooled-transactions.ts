import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { TransactionRunner } from './transaction-runner.js';
import { OutsideQueryError, isInsideTransaction, runInsideTransaction } from './transaction-guard.js';

/** Postgres asks to run a transaction again: serialization failure, deadlock detected. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Each unit of work in its own transaction on a pooled connection. A unit that loses a
 * serialization conflict or a deadlock is run again, a bounded number of times.
 */
export class PooledTransactions implements TransactionRunner {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: {
      onError: (err: unknown) => unknown;
      onCommit: () => void;
      /** Runs last inside a notifying unit's transaction (Postgres: NOTIFY, delivered on commit). */
      announce?: (trx: Transaction<Database>) => Promise<void>;
      maxAttempts?: number;
    },
  ) {}

  async run<T>(work: (trx: Transaction<Database>) => Promise<T>, notify = false): Promise<T> {
    // A unit started from inside another would wait for a connection the outer one may need.
    if (isInsideTransaction()) throw new OutsideQueryError();
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await this.db.transaction().execute(async (trx) => {
          const result = await runInsideTransaction(() => work(trx));
          if (notify && this.options.announce) await this.options.announce(trx);
          return result;
        });
        if (notify) this.options.onCommit();
        return value;
      } catch (err) {
        if (attempt >= maxAttempts || !isRetryable(err)) throw this.options.onError(err);
        // Spread the retries of the units that collided, so they do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}

export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}
