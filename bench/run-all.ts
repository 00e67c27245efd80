/**
 * `npm run bench`: every benchmark, one after another, each in its own process (and each HTTP load
 * from autocannon in a process of its own), then one Markdown table of every figure on stdout.
 * Each bench's own output goes to stderr. FIREBREAK_BENCH_DATABASE applies to every bench.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { toMarkdown, type BenchRow } from './report.js';

const ROOT = new URL('../', import.meta.url).pathname;

/** In table order; a bench whose file is absent (the alert storm, until it exists) is skipped. */
const BENCHES = ['intake', 'storm', 'reminders', 'reminders-slow-chat', 'interactions', 'startup', 'shutdown'];

const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-report-'));
const report = join(dir, 'rows.jsonl');
const failed: string[] = [];
const startedAt = new Date();
try {
  // The start-up and shutdown figures are of the built bot: build it first if its sources changed.
  run(process.execPath, ['scripts/build-if-stale.mjs'], 'build');
  // Every bench runs bundled, on plain node, as the bot itself does (bench/build.mjs).
  if (!run(process.execPath, ['bench/build.mjs'], 'bench build')) throw new Error('the benches did not build');
  for (const name of BENCHES) {
    if (!existsSync(join(ROOT, `bench/${name}.ts`))) continue;
    process.stderr.write(`\n[bench] ── ${name} ──\n`);
    const t0 = performance.now();
    if (!run(process.execPath, [`.bench/${name}.mjs`], name)) failed.push(name);
    process.stderr.write(`[bench] ${name}: ${Math.round((performance.now() - t0) / 1000)} s\n`);
  }
  const rows = existsSync(report)
    ? readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as BenchRow)
    : [];
  const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
  console.log(
    `\n${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ` +
      `${process.env.FIREBREAK_BENCH_DATABASE ? 'FIREBREAK_BENCH_DATABASE' : 'SQLite in ' + tmpdir()}; ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} min\n`,
  );
  console.log(toMarkdown(rows));
  if (failed.length) console.log(`\nFailed: ${failed.join(', ')} (their output is above, on stderr)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed.length ? 1 : 0;

function run(command: string, args: string[], name: string): boolean {
  // stdout of each bench goes to our stderr, so stdout carries only the one table.
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 2, 2], env: { ...process.env, FIREBREAK_BENCH_REPORT: report } });
  if (result.status !== 0) process.stderr.write(`[bench] ${name} failed (${result.status ?? result.signal})\n`);
  return result.status === 0;
}
