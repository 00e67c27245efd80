import { existsSync } from 'node:fs';
import type { DatabaseConfig } from '../store/open-store.js';
import { openStore } from '../store/open-store.js';
import { copyTables, countRows, renderCounts } from '../store/copy-tables.js';

export const MIGRATE_USAGE = 'firebreak migrate --from sqlite:PATH --to postgres://… [--force]';

interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `firebreak migrate --from sqlite:PATH --to postgres://…`: brings both databases to the latest
 * schema, copies every table into the (empty) Postgres database, and checks the counts. A target
 * that already holds rows is refused unless `--force`, which replaces them.
 */
export async function runMigrateCopy(args: string[], io: Output = { out: console.log, err: console.error }): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`${parsed}\nUsage: ${MIGRATE_USAGE}`);
    return 2;
  }
  const source = await openStore(parsed.from, { surfaces: ['web'], now: Date.now });
  try {
    const target = await openStore(parsed.to, { surfaces: ['web'], now: Date.now });
    try {
      await source.migrate();
      await target.migrate();
      const held = Object.entries(await countRows(target.db)).filter(([, n]) => n > 0);
      if (held.length > 0 && !parsed.force) {
        io.err(`The target database already holds rows (${held.map(([t, n]) => `${t}: ${n}`).join(', ')}); nothing was copied. --force replaces them.`);
        return 1;
      }
      const counts = await copyTables(source.db, target.db, { replace: parsed.force, onTable: (table, rows) => io.out(`copied ${table}: ${rows}`) });
      const check = renderCounts(counts);
      io.out(check.text);
      if (!check.ok) {
        io.err('The row counts differ: the copy is incomplete; do not switch FIREBREAK_DATABASE_URL to the target yet.');
        return 1;
      }
      io.out(`Copied into PostgreSQL; set FIREBREAK_DATABASE_URL to the target URL to use it.`);
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

function parseArgs(args: string[]): { from: DatabaseConfig; to: DatabaseConfig; force: boolean } | string {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const from = value('--from');
  const to = value('--to');
  const known = new Set(['--from', '--to', '--force', from, to]);
  const unknown = args.filter((a) => !known.has(a));
  if (unknown.length) return `Unknown argument: ${unknown.join(' ')}`;
  if (!from?.startsWith('sqlite:') || from.length === 'sqlite:'.length) return '--from must name a SQLite database, sqlite:PATH';
  if (!existsSync(from.slice('sqlite:'.length))) return `--from: ${from.slice('sqlite:'.length)} does not exist`;
  if (!to || !/^postgres(ql)?:\/\/.+/.test(to)) return '--to must be a PostgreSQL URL, postgres://…';
  return { from: { kind: 'sqlite', path: from.slice('sqlite:'.length) }, to: { kind: 'postgres', url: to, poolSize: 2 }, force: args.includes('--force') };
}
