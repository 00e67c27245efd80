import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * Kysely's SQLite driver prepares every statement each time it runs; preparing costs about as much
 * as running. This keeps the most recent prepared statements by SQL text (they are reusable on the
 * single connection, which runs one statement at a time).
 */
export function withStatementCache(sqlite: SqliteDatabase, size = 512): KyselySqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => void sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement as unknown as ReturnType<KyselySqliteDatabase['prepare']>;
    },
  };
}
