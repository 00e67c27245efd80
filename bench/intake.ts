/**
 * Intake benchmark (`npm run bench:intake`): Alertmanager webhooks over loopback HTTP from autocannon
 * in its own process (bench/load.mjs), against a bare `node:http` server that parses the JSON and
 * answers 202 and then against a whole Firebreak (real clock, scheduler delivering every thread to
 * the console), in the same run. Two loads: every request a new group (a new incident, thread and
 * broadcast each), and resends of 100 firing groups (what Alertmanager does every group_interval).
 * Every 202 from Firebreak means the alert is durably stored (during a burst, queued on disk: the
 * bench then waits for, and reports, their ingestion before the next load).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SystemClock } from '../src/clock/system-clock.js';
import { benchDatabaseName, createBenchApp, createBenchDir } from './bench-app.js';
import { runLoad, type IntakeResult } from './processes.js';
import { fmt, ms, progress, reportRows, type BenchRow } from './report.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

type Mode = 'new' | 'resend';
const load = (url: string, mode: Mode) => runLoad<IntakeResult>({ kind: 'intake', url: `${url}/webhooks/alertmanager`, mode, connections: CONNECTIONS, seconds: SECONDS });

/** The floor of the machine: node:http that reads the body, parses it and answers 202. */
async function startBaseline(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const alerts = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { alerts: unknown[] }).alerts;
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: alerts.length, incidents: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until every delivery queued during a burst is ingested: how many were left, and how long they took. */
async function drained(app: Awaited<ReturnType<typeof createBenchApp>>): Promise<{ queued: number; seconds: number }> {
  const queued = app.intake.queued;
  const t0 = performance.now();
  while (app.intake.queued > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  return { queued, seconds: (performance.now() - t0) / 1000 };
}

const baseline = await startBaseline();
const measured: Record<Mode, { bare: IntakeResult; firebreak: IntakeResult }> = {} as never;
let drain = { queued: 0, seconds: 0 };
let incidents = 0;
let databaseName = '';
try {
  // Each load on a Firebreak of its own: the resends are not measured while the new groups' messages are still being delivered.
  for (const mode of ['new', 'resend'] as const) {
    progress(`intake (${mode}): bare node:http, ${CONNECTIONS} connections, ${SECONDS} s`);
    const bare = await load(baseline.url, mode);
    const work = createBenchDir();
    databaseName = benchDatabaseName(work.dir);
    const app = await createBenchApp(work.dir, new SystemClock());
    try {
      const url = await app.listen();
      app.scheduler.start();
      progress(`intake (${mode}): Firebreak`);
      const firebreak = await load(url, mode);
      measured[mode] = { bare, firebreak };
      if (mode === 'new') {
        // Deliveries queued during the burst are ingested after it.
        drain = await drained(app);
        incidents = (await app.store.countIncidents()).declared;
      }
    } finally {
      await app.stop();
      work.remove();
    }
  }
  const where = `${CONNECTIONS} connections, ${fmt(measured.new.firebreak.bodyBytes)} B Alertmanager bodies, ${databaseName}`;
  const rows: BenchRow[] = [];
  const loads = { new: ['every request a new group (new incident)', '0.2'], resend: ['resends of 100 groups', '0.5'] } as const;
  for (const mode of ['new', 'resend'] as const) {
    const { bare, firebreak } = measured[mode];
    const [name, floor] = loads[mode];
    rows.push({
      figure: `Intake, ${name}: bare node:http baseline`,
      target: '–',
      result: `${fmt(bare.accepted / bare.seconds)} req/s, p99 ${ms(bare.p99)}`,
      command: 'npm run bench:intake',
    });
    const refused = firebreak.non2xx + firebreak.errors;
    // Only what was taken counts: a 503 (queue full) is quick, and no intake.
    const taken = firebreak.accepted / firebreak.seconds;
    rows.push({
      figure: `Intake, ${name}: Firebreak (${where})`,
      target: `≥ ${floor}× node:http, p99 ≤ 50 ms`,
      result: `${fmt(taken)} req/s answered 202, p50 ${ms(firebreak.p50)}, p99 ${ms(firebreak.p99)}${refused ? `, ${fmt(refused)} not 202 (not counted)` : ''}`,
      ratio: (taken / (bare.accepted / bare.seconds)).toFixed(3),
      command: 'npm run bench:intake',
    });
  }
  // Postgres takes every delivery straight in: nothing is queued, and there is no such row.
  if (drain.queued > 0) {
    rows.push({
      figure: 'Intake, every request a new group: deliveries still queued when the load ended, all ingested after it',
      target: '–',
      result: `${fmt(drain.queued)} queued, ingested in ${drain.seconds.toFixed(1)} s (${fmt(drain.queued / drain.seconds)} incidents/s); ${fmt(incidents)} incidents in all`,
      command: 'npm run bench:intake',
    });
  }
  progress(`${fmt(incidents)} incidents stored; Node ${process.version}`);
  reportRows(rows);
} finally {
  await baseline.close();
}
