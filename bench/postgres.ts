/**
 * `npm run bench:postgres`: the intake and reminder benches against PostgreSQL, beside SQLite's.
 * Starts an embedded PostgreSQL (the one the tests use), gives each bench an empty database of its
 * own, and stops the server at the end. Runs the benches bundled (bench/build.mjs), like every
 * bench. Each bench prints its own rows; with FIREBREAK_BENCH_REPORT set (as `npm run bench` sets
 * it) they join the one table.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startPostgres } from '../test/fakes/embedded-postgres.js';

const ROOT = new URL('../', import.meta.url).pathname;
const BENCHES = (process.env.BENCH_POSTGRES ?? 'intake,reminders').split(',');

const pg = await startPostgres();
let failed = 0;
try {
  for (const name of BENCHES) {
    const url = await pg.createDatabase(`bench_${name.replace(/\W/g, '_')}`);
    process.stderr.write(`\n[bench] ── ${name} on PostgreSQL ──\n`);
    const result = spawnSync(process.execPath, [join(ROOT, `.bench/${name}.mjs`)], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FIREBREAK_BENCH_DATABASE: url } });
    if (result.status !== 0) failed++;
  }
} finally {
  await pg.stop();
}
process.exitCode = failed ? 1 : 0;
