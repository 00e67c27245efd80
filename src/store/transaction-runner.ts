import type { Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * How the store runs its units of work. SQLite: `GroupCommit` (the units of one event-loop turn
 * share one commit, one disk sync). Postgres: `PooledTransactions` (each unit in a transaction of
 * its own on a pooled connection, so unrelated units never hold each other's locks).
 */
export interface TransactionRunner {
  /** `notify`: the commit is announced to the store's `onCommit` listeners. */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>, notify?: boolean): Promise<T>;
}
