/**
 * Start-up benchmark (`npm run bench:startup`): a database of BENCH_INCIDENTS (default 10,000)
 * incidents, declared in-process (their messages marked delivered), then the built bot (`node dist/firebreak.mjs
 * start`) spawned BENCH_STARTS times (default 3) on it, each timed from spawn to the first 200 from
 * /readyz. BENCH_CPU_PROF=DIR writes a `--cpu-prof` profile of each start there.
 */
import { ManualClock } from '../src/core/clock.js';
import { benchDatabaseName, benchDatabaseUrl, createBenchApp, createBenchDir, declareBatch, percentile } from './bench-app.js';
import { startBuiltBot } from './processes.js';
import { fmt, ms, progress, reportRows } from './report.js';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const BATCH = 50;
const PROFILE_DIR = process.env.BENCH_CPU_PROF;

const work = createBenchDir();
try {
  progress(`start-up: declaring ${fmt(INCIDENTS)} incidents`);
  const clock = new ManualClock(Date.now());
  const seed = await createBenchApp(work.dir, clock);
  for (let first = 0; first < INCIDENTS; first += BATCH) {
    await declareBatch(seed, first, Math.min(BATCH, INCIDENTS - first), () => clock.set(Date.now()));
  }
  // As if a running bot had delivered them: the figure is reading a big database, not draining a backlog
  // (delivering 10,000 incidents' messages to the console first would cost minutes of fsyncs).
  await seed.store.db.updateTable('outbox').set({ delivered_at: clock.now() }).where('delivered_at', 'is', null).execute();
  await seed.stop();

  const readyMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const args = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const bot = await startBuiltBot({ FIREBREAK_DATABASE_URL: benchDatabaseUrl(work.dir) }, args);
    readyMs.push(bot.readyMs);
    if (bot.readyCpuMs !== undefined) cpuMs.push(bot.readyCpuMs);
    progress(`start ${i + 1}: ready in ${fmt(bot.readyMs)} ms (${ms(bot.readyCpuMs)} of CPU)`);
    const exit = await bot.stop();
    if (exit.code !== 0) throw new Error(`the bot exited ${exit.code} on SIGTERM:\n${bot.output()}`);
  }
  const sorted = [...readyMs].sort((a, b) => a - b);
  reportRows([
    {
      figure: `Start → /readyz 200, built bot, ${fmt(INCIDENTS)} incidents (${benchDatabaseName(work.dir)})`,
      target: '≤ 1 s',
      result: `median ${ms(percentile(sorted, 50))}, max ${ms(sorted.at(-1))} (${STARTS} starts); CPU to ready median ${ms(percentile(cpuMs.sort((a, b) => a - b), 50))}`,
      command: 'npm run bench:startup',
    },
  ]);
} finally {
  work.remove();
}
