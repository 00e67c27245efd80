/**
 * Inside a transaction, every query must go through that transaction. A query on the store's own
 * handle from inside one waits for a connection the transaction holds (SQLite has one: it would
 * wait for good) or reads around it (Postgres: stale data). The guard makes that mistake loud: the
 * driver refuses to hand out a connection to code running inside a transaction's work.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseConnection, Dialect, Driver } from 'kysely';

const insideTransaction = new AsyncLocalStorage<true>();

/** Runs a unit of transaction work; queries outside its transaction are refused meanwhile. */
export function runInsideTransaction<T>(work: () => Promise<T>): Promise<T> {
  return insideTransaction.run(true, work);
}

export function isInsideTransaction(): boolean {
  return insideTransaction.getStore() === true;
}

export class OutsideQueryError extends Error {
  constructor() {
    super('A query outside the transaction was made from inside it; use the transaction (StoreTx) it runs in');
    this.name = 'OutsideQueryError';
  }
}

/** The dialect with the guard on its driver. */
export function guardTransactions(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => guardDriver(dialect.createDriver()),
  };
}

function isAlreadyRolledBack(err: unknown): boolean {
  return /no transaction is active/.test(String((err as Error)?.message));
}

function guardDriver(driver: Driver): Driver {
  return {
    init: () => driver.init(),
    destroy: () => driver.destroy(),
    acquireConnection(): Promise<DatabaseConnection> {
      if (isInsideTransaction()) return Promise.reject(new OutsideQueryError());
      return driver.acquireConnection();
    },
    beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
    commitTransaction: (connection) => driver.commitTransaction(connection),
    async rollbackTransaction(connection) {
      try {
        await driver.rollbackTransaction(connection);
      } catch (err) {
        // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR…); the
        // failed ROLLBACK after it must not replace that error, which says what really went wrong.
        if (!isAlreadyRolledBack(err)) throw err;
      }
    },
    releaseConnection: (connection) => driver.releaseConnection(connection),
    ...(driver.savepoint ? { savepoint: driver.savepoint.bind(driver) } : {}),
    ...(driver.rollbackToSavepoint ? { rollbackToSavepoint: driver.rollbackToSavepoint.bind(driver) } : {}),
    ...(driver.releaseSavepoint ? { releaseSavepoint: driver.releaseSavepoint.bind(driver) } : {}),
  };
}
