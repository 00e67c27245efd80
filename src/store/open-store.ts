import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStore } from './kysely-store.js';
import { openPostgres } from './open-postgres.js';
import type { ListenerLog } from './pg-work-listener.js';
import { withStatementCache } from './statement-cache.js';
import { guardTransactions } from './transaction-guard.js';
import type { Database } from './schema.js';

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize?: number };

/** Opens the configured database. Postgres: see `openPostgres`. SQLite: WAL, synchronous=FULL so an acknowledged write survives a crash. */
export async function openStore(
  config: DatabaseConfig,
  options: { surfaces: readonly string[]; now: () => number; log?: ListenerLog },
): Promise<KyselyStore> {
  if (config.kind === 'postgres') return openPostgres(config, options);
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const sqlite = new SQLite(config.path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: guardTransactions(new SqliteDialect({ database: withStatementCache(sqlite) })) });
  return new KyselyStore(db, { dialect: 'sqlite', ...options });
}
