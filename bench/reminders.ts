/**
 * Reminder benchmark (`npm run bench:reminders`): 10,000 open incidents on SQLite, two simulated hours of
 * reminders compressed into real seconds, then the real scheduler loop idling between due times.
 * Progress goes to stderr; the Markdown table of results to stdout. See bench/README.md.
 */
import { SystemClock } from '../src/clock/system-clock.js';
import { HOUR, MINUTE, ManualClock } from '../src/core/clock.js';
import { benchDatabaseName, createBenchApp, createBenchDir, declareBatch, declaredAts, eventCounts, percentile, reminderEvents } from './bench-app.js';
import { reportRows } from './report.js';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const BATCH = 50; // declarations per transaction
const SPREAD_MS = 30 * MINUTE; // declarations are spread over this much simulated time
const RUN_MS = 2 * HOUR; // simulated time after the last declaration
const STEP_MS = 10_000; // simulated time per scheduler tick
const CADENCE_MS = 30 * MINUTE; // the default policy's update cadence for every severity
// Idle long enough for V8's memory reducer, which gives back the heap the run grew some 20 s after
// allocation stops: a bot idles for hours between incidents, and its idle RSS is the settled one.
const IDLE_SAMPLE_MS = 30_000;

const progress = (text: string) => process.stderr.write(`[bench] ${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const work = createBenchDir();
// A day ahead of the real clock, so the idle phase (real clock) finds every timer in the future.
const start = Math.ceil((Date.now() + 24 * HOUR) / MINUTE) * MINUTE;
const clock = new ManualClock(start);
const app = await createBenchApp(work.dir, clock);

// Reminder messages as they reach the chat (the console), with the real time they arrived.
const delivered = new Map<string, number[]>();
app.webChat.subscribe(({ row }) => {
  if (!row.incidentId || !row.message.text.includes('no status update for')) return;
  const list = delivered.get(row.incidentId) ?? [];
  list.push(performance.now());
  delivered.set(row.incidentId, list);
});

// ── 1. Declare, spread over 30 simulated minutes; deliver what each batch queued ──────────────
let declareMs = 0;
let deliverMs = 0;
for (let first = 0; first < INCIDENTS; first += BATCH) {
  const t0 = performance.now();
  await declareBatch(app, first, Math.min(BATCH, INCIDENTS - first), (i) => clock.set(start + Math.floor((i * SPREAD_MS) / INCIDENTS)));
  const t1 = performance.now();
  await app.scheduler.tick();
  declareMs += t1 - t0;
  deliverMs += performance.now() - t1;
  if ((first / BATCH) % 40 === 0) progress(`declared ${first + BATCH} incidents`);
}
progress(`declared ${INCIDENTS} in ${fmt(declareMs)} ms (+ ${fmt(deliverMs)} ms delivering their messages)`);

// ── 2. Two simulated hours in 10 s steps: reminders come due, the scheduler fires and delivers ──
const steps: { simAt: number; wallAt: number }[] = [];
const tickMs: number[] = [];
const end = start + SPREAD_MS + RUN_MS;
for (let t = start + SPREAD_MS; t <= end; t += STEP_MS) {
  clock.set(t);
  const wallAt = performance.now();
  steps.push({ simAt: t, wallAt });
  await app.scheduler.tick();
  tickMs.push(performance.now() - wallAt);
  if (steps.length % 120 === 0) progress(`simulated ${fmt((t - start - SPREAD_MS) / MINUTE)} of ${RUN_MS / MINUTE} min`);
}
const runWallMs = performance.now() - steps[0]!.wallAt;

// ── 3. Lateness, counts and duplicates ─────────────────────────────────────────────────────────
/** The real time at which the simulated clock first reached `simAt`. */
const wallWhen = (simAt: number) => {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]!.simAt >= simAt) hi = mid;
    else lo = mid + 1;
  }
  return steps[lo]!.wallAt;
};
const fired = await reminderEvents(app);
const byIncident = new Map<string, number[]>();
for (const r of fired) byIncident.set(r.incidentId, [...(byIncident.get(r.incidentId) ?? []), r.dueAt]);
const lateness: number[] = [];
let unmatched = 0;
for (const [id, dues] of byIncident) {
  const walls = delivered.get(id) ?? [];
  if (walls.length !== dues.length) unmatched++;
  dues.forEach((dueAt, k) => walls[k] !== undefined && lateness.push(walls[k]! - wallWhen(dueAt)));
}
lateness.sort((a, b) => a - b);
const duplicates = fired.length - new Set(fired.map((r) => `${r.incidentId}@${r.dueAt}`)).size;
const expected = (await declaredAts(app)).reduce((sum, d) => sum + Math.floor((end - d) / CADENCE_MS), 0);
const counts = await eventCounts(app);
const markedLate = fired.filter((r) => r.late).length;
const pendingOutbox = await app.store.outbox.nextOutboxDueAt();
const sortedTicks = [...tickMs].sort((a, b) => a - b);
const rssAfterRun = process.memoryUsage().rss;
const peakRss = process.resourceUsage().maxRSS * 1024; // the highest RSS so far: declaring and the run
await app.stop();

// ── 4. Idle: the real loop on the system clock, every timer far in the future ─────────────────
progress('idle phase: real scheduler loop, system clock');
const idle = await createBenchApp(work.dir, new SystemClock());
const nextDueInMs = ((await idle.store.nextTimerDueAt()) ?? Infinity) - Date.now();
idle.scheduler.start();
await sleep(1_000); // let the first tick run and the loop go to sleep
const cpuBefore = process.cpuUsage();
const idleStart = performance.now();
await sleep(IDLE_SAMPLE_MS);
const cpu = process.cpuUsage(cpuBefore);
const idleCpuPct = ((cpu.user + cpu.system) / 1000 / (performance.now() - idleStart)) * 100;
const idleRss = process.memoryUsage().rss;
const idleHeap = process.memoryUsage().heapUsed;
await idle.stop();
const databaseName = benchDatabaseName(work.dir);
work.remove();

// ── 5. Report ──────────────────────────────────────────────────────────────────────────────────
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
const rows: [string, string][] = [
  [`Open incidents (SEV1–SEV4 in turn, acknowledged, ${databaseName})`, fmt(INCIDENTS)],
  ['Declaration rate (batches of 50 per transaction)', `${fmt(INCIDENTS / (declareMs / 1000))} incidents/s (${fmt(declareMs / 1000, 1)} s)`],
  ['Delivering the declarations to the console (outbox)', `${fmt(deliverMs / 1000, 1)} s`],
  ['Simulated time / real time', `${RUN_MS / HOUR} h in ${fmt(runWallMs / 1000, 1)} s (${steps.length} ticks of ${STEP_MS / 1000} s)`],
  ['Reminders fired / expected', `${fmt(fired.length)} / ${fmt(expected)}`],
  ['Fired twice for the same due time', fmt(duplicates)],
  ['Reminders marked late (> 60 s simulated)', fmt(markedLate)],
  ['Incidents whose delivered count ≠ fired count', fmt(unmatched)],
  ['Reminder lateness p50 (real ms, due → in the chat)', fmt(percentile(lateness, 50), 1)],
  ['Reminder lateness p99', fmt(percentile(lateness, 99), 1)],
  ['Reminder lateness max', fmt(lateness.at(-1) ?? NaN, 1)],
  ['Tick duration p50 / p99 / max (ms)', `${fmt(percentile(sortedTicks, 50), 1)} / ${fmt(percentile(sortedTicks, 99), 1)} / ${fmt(sortedTicks.at(-1) ?? NaN, 1)}`],
  ['Other timers fired', `open-too-long escalations ${fmt(counts.escalated ?? 0)}, pages ${fmt((counts.paged ?? 0) + (counts.page_failed ?? 0))}`],
  ['Outbox rows left undelivered', pendingOutbox === undefined ? '0' : 'some (next due ' + new Date(pendingOutbox).toISOString() + ')'],
  ['RSS at its peak (declaring and the run)', mb(peakRss)],
  ['RSS after the run', mb(rssAfterRun)],
  [`Idle CPU, real loop, ${IDLE_SAMPLE_MS / 1000} s sample (next timer due in ${fmt(nextDueInMs / HOUR, 1)} h)`, `${fmt(idleCpuPct, 2)} %`],
  [`Idle RSS / heap used, after ${IDLE_SAMPLE_MS / 1000} s idle`, `${mb(idleRss)} / ${mb(idleHeap)}`],
];
console.log(`\n| metric | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`);
console.log(`Node ${process.version}, ${process.platform}/${process.arch}, ${(await import('node:os')).cpus().length} CPUs`);
const command = 'npm run bench:reminders';
reportRows([
  {
    figure: `Reminders at scale: ${fmt(INCIDENTS)} open incidents, ${RUN_MS / HOUR} h compressed (${steps.length} ticks), fired / expected (${databaseName})`,
    target: 'each once, none late',
    result: `${fmt(fired.length)} / ${fmt(expected)}, ${fmt(duplicates)} twice, ${fmt(markedLate)} late`,
    command,
  },
  {
    figure: 'Reminders at scale: lateness, due → in the console',
    target: 'p99 ≤ 1 s',
    result: `p50 ${fmt(percentile(lateness, 50))} ms, p99 ${fmt(percentile(lateness, 99))} ms, max ${fmt(lateness.at(-1) ?? NaN)} ms`,
    command,
  },
  {
    figure: `Reminders at scale: RSS at its peak (declaring and the run), right after the run, and after ${IDLE_SAMPLE_MS / 1000} s idle (heap used)`,
    target: '≤ 200 MB',
    result: `peak ${mb(peakRss)}; ${mb(rssAfterRun)} after the run; ${mb(idleRss)} (${mb(idleHeap)}) idle`,
    command,
  },
  { figure: `Reminders at scale: CPU between due times (real loop, next timer in ${fmt(nextDueInMs / HOUR, 1)} h)`, target: 'near idle', result: `${fmt(idleCpuPct, 2)} %`, command },
]);
