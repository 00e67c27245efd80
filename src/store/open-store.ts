import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStore } from './kysely-store.js';
import type { ListenerLog } from './pg-work-listener.js';
import { WalSync } from './wal-sync.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer } from './wal-checkpointer.js';
import { withStatementCache } from './statement-cache.js';
import { SqliteResendReader } from './resend-check.js';
import { guardTransactions } from './transaction-guard.js';
import type { Database } from './schema.js';

const QUEUED_INSERT_SQL =
  'insert into queued_deliveries (source, request, delivery_source, delivery_id, digest, received_at) values (@source, @request, @delivery_source, @delivery_id, @digest, @received_at)';

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize?: number };

/**
 * Opens the configured database. Postgres: see `openPostgres`. SQLite: WAL; a commit is acknowledged
 * only once its WAL frames are flushed to disk (`WalSync`, off the event loop), so an acknowledged
 * write survives a power cut; the WAL is checkpointed on a worker thread (`WalCheckpointer`).
 */
export async function openStore(
  config: DatabaseConfig,
  options: {
    surfaces: readonly string[];
    now: () => number;
    log?: ListenerLog;
    walSync?: (path: string) => WalSync;
    checkpointer?: (path: string, finish: () => void) => WalCheckpointer;
    /** How long a group commit's units run before it commits with those (default 4 ms). */
    batchMs?: number;
  },
): Promise<KyselyStore> {
  // pg is loaded only by a bot that runs on PostgreSQL.
  if (config.kind === 'postgres') return (await import('./open-postgres.js')).openPostgres(config, options);
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const sqlite = new SQLite(config.path);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL: COMMIT does not fsync on the event loop; WalSync flushes the WAL before any caller hears of the commit.
  const onDisk = config.path === ':memory:' ? undefined : (options.walSync?.(config.path) ?? new WalSync(config.path));
  sqlite.pragma(onDisk ? 'synchronous = NORMAL' : 'synchronous = FULL');
  // Checkpoints run on a worker thread; the connection's own is only the fallback.
  // Between commits (never inside the group commit's transaction): the tail the worker left.
  const finishCheckpoint = () => void (sqlite.inTransaction || sqlite.pragma('wal_checkpoint(PASSIVE)'));
  const checkpointer = onDisk && (options.checkpointer?.(config.path, finishCheckpoint) ?? new WalCheckpointer(config.path, undefined, finishCheckpoint));
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma('busy_timeout = 5000');
  // Statement journals (a statement inside a savepoint of the group commit) in memory, not a temporary file each.
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: guardTransactions(new SqliteDialect({ database: withStatementCache(sqlite) })) });
  const { walSync: _walSync, checkpointer: _checkpointer, ...storeOptions } = options;
  // Prepared on first use: the table exists only once the store has migrated.
  let queuedInsert: SQLite.Statement | undefined;
  return new KyselyStore(db, {
    dialect: 'sqlite',
    ...storeOptions,
    durable: onDisk && (() => onDisk.sync()),
    // The group commit's one connection is this one: its savepoints need no trip through the query builder.
    savepoints: {
      begin: () => void sqlite.exec('savepoint unit'),
      release: () => void sqlite.exec('release savepoint unit'),
      rollback: () => void sqlite.exec('rollback to savepoint unit; release savepoint unit'),
    },
    committed: checkpointer ? () => checkpointer.committed() : undefined,
    beforeClose:
      onDisk &&
      (async () => {
        await checkpointer?.close();
        await onDisk.close();
      }),
    resendReader: new SqliteResendReader(sqlite),
    insertQueued: (row) => void (queuedInsert ??= sqlite.prepare(QUEUED_INSERT_SQL)).run(row),
  });
}
