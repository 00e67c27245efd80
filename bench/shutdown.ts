/**
 * Shutdown benchmark (`npm run bench:shutdown`): the built bot (`node dist/firebreak.mjs start`)
 * takes a burst of new Alertmanager groups from autocannon (50 connections, BENCH_BURST_SECONDS,
 * default 3), gets SIGTERM as soon as the burst ends, and is timed to its exit. Then the store is
 * read: every accepted delivery is an incident or still queued, every message not delivered is
 * still queued (none given up), and a second start must ingest and deliver them all.
 */
import { benchDatabaseName, benchDatabaseUrl, createBenchDir } from './bench-app.js';
import { runLoad, startBuiltBot, type IntakeResult } from './processes.js';
import { queueState } from './queue-state.js';
import { fmt, ms, progress, reportRows } from './report.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BURST_SECONDS = Number(process.env.BENCH_BURST_SECONDS ?? 3);
const DRAIN_LIMIT_MS = 300_000;

const work = createBenchDir();
const database = benchDatabaseUrl(work.dir);
try {
  const bot = await startBuiltBot({ FIREBREAK_DATABASE_URL: database });
  progress(`shutdown: burst of ${BURST_SECONDS} s at ${CONNECTIONS} connections against the built bot`);
  const burst = await runLoad<IntakeResult>({ kind: 'intake', url: `${bot.url}/webhooks/alertmanager`, mode: 'new', connections: CONNECTIONS, seconds: BURST_SECONDS });
  const exit = await bot.stop();
  const atExit = await queueState(database);
  progress(`exit ${exit.code} after ${fmt(exit.ms)} ms; ${fmt(atExit.deliveries)} deliveries and ${fmt(atExit.queued)} messages queued, ${fmt(atExit.delivered)} delivered, ${fmt(atExit.failed)} given up`);

  const again = await startBuiltBot({ FIREBREAK_DATABASE_URL: database });
  const restartedAt = performance.now();
  let after = await queueState(database);
  while ((after.queued > 0 || after.deliveries > 0) && performance.now() - restartedAt < DRAIN_LIMIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    after = await queueState(database);
  }
  const drainMs = performance.now() - restartedAt;
  const second = await again.stop();

  // An accepted delivery is an incident, or queued to become one at the next start.
  const lost = burst.accepted - (atExit.incidents + atExit.deliveries) + after.failed;
  reportRows([
    {
      figure: `Shutdown after a burst of new groups for ${BURST_SECONDS} s (${fmt(burst.accepted)} accepted, built bot, ${benchDatabaseName(work.dir)})`,
      target: 'SIGTERM → exit ≤ 10 s, exit 0',
      result: `${ms(exit.ms)}, exit ${exit.code}${exit.killed ? ' (killed)' : ''}; second stop ${ms(second.ms)}`,
      command: 'npm run bench:shutdown',
    },
    {
      figure: 'Shutdown: alert deliveries not yet ingested and messages not yet delivered, kept for the next start',
      target: 'all queued, none lost, all ingested and delivered after restart',
      result:
        `${fmt(atExit.deliveries)} deliveries and ${fmt(atExit.queued)} messages queued at exit (${fmt(atExit.incidents)} incidents, ${fmt(atExit.delivered)} messages delivered before it); ` +
        `${after.queued === 0 && after.deliveries === 0 ? `all ingested and delivered ${fmt(drainMs / 1000, 1)} s after restart` : `${fmt(after.deliveries)} deliveries and ${fmt(after.queued)} messages still queued after ${fmt(drainMs / 1000)} s`}; ` +
        `${fmt(Math.max(0, lost))} lost`,
      command: 'npm run bench:shutdown',
    },
  ]);
} finally {
  work.remove();
}
