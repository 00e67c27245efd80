/**
 * Reminders with a slow chat (`npm run bench:reminders-slow`): BENCH_INCIDENTS (default 10,000)
 * open incidents whose first reminders come due one after another over the next 30 minutes of real
 * time, i.e. at the rate 10,000 incidents remind in production (one every 0.18 s). The real loops
 * run on the system clock with two surfaces: the console and a chat that answers every call in
 * BENCH_CHAT_LATENCY_MS (default 200). For BENCH_WINDOW_SECONDS (default 30) each reminder is
 * timed from its due time to its arrival in each chat: a slow platform must not make reminders late.
 */
import { SystemClock } from '../src/clock/system-clock.js';
import { MINUTE, ManualClock } from '../src/core/clock.js';
import { benchDatabaseName, createBenchApp, createBenchDir, declareBatch, percentile, reminderEvents } from './bench-app.js';
import { fmt, ms, progress, reportRows } from './report.js';
import { SlowChat } from './slow-chat.js';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_CHAT_LATENCY_MS ?? 200);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_SECONDS ?? 30) * 1000;
const CADENCE_MS = 30 * MINUTE;
const BATCH = 50;
const isReminder = (m: { text: string }) => m.text.includes('no status update for');

const work = createBenchDir();
try {
  // ── 1. Declare, so that reminders fall due evenly from a minute from now on ─────────────────
  const firstDueAt = Date.now() + MINUTE;
  const clock = new ManualClock(firstDueAt - CADENCE_MS);
  const slow = new SlowChat(0, isReminder);
  const seed = await createBenchApp(work.dir, clock, { chats: [slow] });
  progress(`slow chat: declaring ${fmt(INCIDENTS)} incidents`);
  for (let first = 0; first < INCIDENTS; first += BATCH) {
    await declareBatch(seed, first, Math.min(BATCH, INCIDENTS - first), (i) => clock.set(firstDueAt - CADENCE_MS + Math.floor((i * CADENCE_MS) / INCIDENTS)));
  }
  // As if delivered by a running bot: the window measures reminders, not the declarations' backlog.
  await seed.store.db.updateTable('outbox').set({ delivered_at: clock.now() }).where('delivered_at', 'is', null).execute();
  await seed.stop();

  // ── 2. The real loops, the system clock, the console and a chat that answers in LATENCY_MS ──────
  slow.latencyMs = LATENCY_MS;
  const app = await createBenchApp(work.dir, new SystemClock(), { chats: [slow] });
  const consoleSeen = new Map<string, number[]>();
  app.webChat.subscribe(({ row }) => {
    if (row.incidentId && isReminder(row.message)) consoleSeen.set(row.incidentId, [...(consoleSeen.get(row.incidentId) ?? []), Date.now()]);
  });
  const overdue = Math.max(0, Date.now() - firstDueAt);
  const windowStart = Math.max(Date.now(), firstDueAt) + 1_000;
  app.scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, windowStart - Date.now()));
  progress(`slow chat: ${WINDOW_MS / 1000} s window, chat latency ${LATENCY_MS} ms${overdue ? ` (declaring ran ${fmt(overdue / 1000)} s past the first due time)` : ''}`);
  const cpuBefore = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const cpu = process.cpuUsage(cpuBefore);
  const windowEnd = windowStart + WINDOW_MS;
  // Reminders due in the window get a few seconds to arrive before the count.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const rss = process.memoryUsage().rss;
  const peakRss = process.resourceUsage().maxRSS * 1024; // since the start: declaring included
  const fired = (await reminderEvents(app)).filter((r) => r.dueAt >= windowStart && r.dueAt < windowEnd);
  await app.stop();

  const lateness = (seen: Map<string, number[]>) => {
    const late: number[] = [];
    let missing = 0;
    for (const r of fired) {
      const at = seen.get(r.incidentId)?.[0];
      if (at === undefined) missing++;
      else late.push(at - r.dueAt);
    }
    return { late: late.sort((a, b) => a - b), missing };
  };
  const viaSlow = lateness(slow.seen);
  const viaConsole = lateness(consoleSeen);
  const expected = Math.round((WINDOW_MS / CADENCE_MS) * INCIDENTS);
  const line = (l: { late: number[]; missing: number }) =>
    `p50 ${ms(percentile(l.late, 50))}, p99 ${ms(percentile(l.late, 99))}, max ${ms(l.late.at(-1))}${l.missing ? `; ${fmt(l.missing)} not arrived` : ''}`;
  reportRows([
    {
      figure: `Reminders, ${fmt(INCIDENTS)} open incidents at their production rate, chat answering in ${LATENCY_MS} ms: due → in that chat (${fmt(fired.length)} of ${fmt(expected)} due in ${WINDOW_MS / 1000} s, ${benchDatabaseName(work.dir)})`,
      target: 'p99 ≤ 1 s',
      result: line(viaSlow),
      command: 'npm run bench:reminders-slow',
    },
    {
      figure: 'Reminders with the slow chat: due → in the console meanwhile',
      target: 'p99 ≤ 1 s',
      result: line(viaConsole),
      command: 'npm run bench:reminders-slow',
    },
    {
      figure: 'Reminders with the slow chat: CPU during the window, RSS at its end and at its peak (declaring included)',
      target: 'RSS ≤ 200 MB',
      result: `CPU ${fmt(((cpu.user + cpu.system) / 1000 / WINDOW_MS) * 100, 1)} %, RSS ${fmt(rss / 1024 / 1024)} MB, peak ${fmt(peakRss / 1024 / 1024)} MB`,
      command: 'npm run bench:reminders-slow',
    },
  ]);
} finally {
  work.remove();
}
