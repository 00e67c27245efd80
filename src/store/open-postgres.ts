import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore, WORK_CHANNEL } from './kysely-store.js';
import { PgWorkListener, type ListenerLog } from './pg-work-listener.js';
import { guardTransactions } from './transaction-guard.js';
import type { Database } from './schema.js';

export const DEFAULT_POOL_SIZE = 10;

/** bigint (times in ms, ids, counts) and numeric (sums) as JavaScript numbers, as SQLite returns them. */
const toNumber = (value: string) => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Opens a Postgres store: a pool of `poolSize` connections, and one more that listens for other processes' work. */
export async function openPostgres(
  config: { url: string; poolSize?: number },
  options: { surfaces: readonly string[]; now: () => number; log?: ListenerLog },
): Promise<KyselyStore> {
  const connection = { connectionString: config.url, types, connectionTimeoutMillis: 5_000 };
  // The timeout also bounds the wait for a free connection: a burst queues for it rather than failing.
  const pool = new pg.Pool({ ...connection, connectionTimeoutMillis: 30_000, max: config.poolSize ?? DEFAULT_POOL_SIZE });
  // A connection the server drops (restart, failover) fails the query it runs, which reports it as
  // StoreUnavailableError; without a handler its 'error' event would end the process.
  pool.on('connect', (client) => client.on('error', (err) => options.log?.warn({ err }, 'database connection lost')));
  // The pool's own report of an idle connection lost: already logged by the handler above.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: guardTransactions(new PostgresDialect({ pool })) });
  let listener: PgWorkListener | undefined;
  const store = new KyselyStore(db, {
    dialect: 'postgres',
    surfaces: options.surfaces,
    now: options.now,
    onClose: () => listener?.close(),
  });
  listener = new PgWorkListener({
    client: () => new pg.Client(connection),
    channel: WORK_CHANNEL,
    ownPayload: store.instanceId,
    onWork: () => store.wake(),
    log: options.log,
  });
  try {
    await listener.start();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
