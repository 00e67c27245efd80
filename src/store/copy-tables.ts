import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Every table of the schema, parents before the rows that name them (incidents before their timeline…). */
export const TABLES = [
  'counters',
  'incidents',
  'timeline',
  'alert_groups',
  'alerts',
  'timers',
  'outbox',
  'message_refs',
  'chat_threads',
  'inbox',
  'deliveries',
  'pages',
  'dead_letters',
  'web_messages',
  'leases',
  'queued_deliveries',
] as const satisfies readonly (keyof Database)[];

/** Tables whose `id` Postgres numbers itself (bigserial): their sequence continues after the copied ids. */
const NUMBERED: readonly string[] = ['timeline', 'outbox', 'inbox', 'pages', 'dead_letters', 'web_messages', 'queued_deliveries'];

export interface TableCount {
  table: string;
  from: number;
  to: number;
}

// Tables are named by the list above, never by input; the schema type cannot follow a name chosen at run time.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export async function countRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await (db as unknown as AnyDb).selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * Copies every table from a SQLite store into an empty Postgres store of the same schema version,
 * in batches, in one Postgres transaction (a failed copy leaves the target as it was), then moves
 * each id sequence past the copied ids. `replace` empties the target's tables first.
 */
export async function copyTables(
  from: Kysely<Database>,
  to: Kysely<Database>,
  options: { batchSize?: number; replace?: boolean; onTable?: (table: string, rows: number) => void } = {},
): Promise<TableCount[]> {
  const batchSize = options.batchSize ?? 500;
  const source = from as unknown as AnyDb;
  await to.transaction().execute(async (trx) => {
    const target = trx as unknown as AnyDb;
    if (options.replace) await sql`truncate table ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity`.execute(trx);
    for (const table of TABLES) {
      let copied = 0;
      for (let offset = 0; ; offset += batchSize) {
        // rowid: SQLite's insertion order, stable between batches of a store nobody writes to
        const rows = await source.selectFrom(table).selectAll().orderBy(sql`rowid`).limit(batchSize).offset(offset).execute();
        if (rows.length === 0) break;
        await target.insertInto(table).values(rows).execute();
        copied += rows.length;
        if (rows.length < batchSize) break;
      }
      options.onTable?.(table, copied);
    }
    for (const table of NUMBERED) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
    }
  });
  const [before, after] = [await countRows(from), await countRows(to)];
  return TABLES.map((table) => ({ table, from: before[table]!, to: after[table]! }));
}

/** The count check as a table to print; `ok` is false when any table's counts differ. */
export function renderCounts(counts: TableCount[], labels: { from: string; to: string } = { from: 'sqlite', to: 'postgres' }): { ok: boolean; text: string } {
  const width = Math.max(5, ...counts.map((c) => c.table.length));
  const header = `${'table'.padEnd(width)}  ${labels.from.padStart(8)}  ${labels.to.padStart(8)}`;
  const lines = counts.map((c) => `${c.table.padEnd(width)}  ${String(c.from).padStart(8)}  ${String(c.to).padStart(8)}  ${c.from === c.to ? 'ok' : 'MISMATCH'}`);
  return { ok: counts.every((c) => c.from === c.to), text: [header, ...lines].join('\n') };
}
