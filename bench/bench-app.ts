/**
 * A whole Firebreak for benchmarks: silent logs, the clock of your choice, and the database named by
 * `FIREBREAK_BENCH_DATABASE` (any `FIREBREAK_DATABASE_URL`, e.g. `postgres://…` to an empty
 * database) or, by default, a SQLite file in a temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type AppOptions, type FirebreakApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import type { Clock } from '../src/core/clock.js';
import { acknowledge } from '../src/core/incident-people.js';
import type { SeverityId } from '../src/core/policy.js';
import { limitHeapGrowth } from '../src/heap-growth.js';

const RUNBOOKS_DIR = new URL('../runbooks/', import.meta.url).pathname;
const SEVERITIES: SeverityId[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const RESPONDER = { id: 'bench:responder', name: 'Responder' };

export function createBenchDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The database a bench runs on: `FIREBREAK_BENCH_DATABASE`, or a SQLite file in `dir`. */
export function benchDatabaseUrl(dir: string): string {
  return process.env.FIREBREAK_BENCH_DATABASE || `sqlite:${join(dir, 'firebreak.db')}`;
}

/** Which kind of database the bench ran on, for its report ("SQLite file", "Postgres"). */
export function benchDatabaseName(dir: string): string {
  return benchDatabaseUrl(dir).startsWith('sqlite:') ? 'SQLite file (WAL, each commit fdatasync-ed before it is acknowledged)' : 'Postgres';
}

export interface BenchAppOptions {
  /** More environment for the config (Slack, Discord, …). */
  env?: Record<string, string>;
  /** Chat surfaces besides the console. */
  chats?: AppOptions['chats'];
}

export async function createBenchApp(dir: string, clock: Clock, options: BenchAppOptions = {}): Promise<FirebreakApp> {
  limitHeapGrowth(); // as `firebreak start` does
  const config = loadConfig({
    PORT: '0',
    FIREBREAK_DATABASE_URL: benchDatabaseUrl(dir),
    FIREBREAK_RUNBOOKS_DIR: RUNBOOKS_DIR,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  return createApp(config, { logger: pino({ level: 'silent' }), clock, autoSchedule: false, ...(options.chats ? { chats: options.chats } : {}) });
}

/**
 * Declares incidents `first…first+count-1` in one transaction, through the service's own declare
 * path (`declareIn`: the same code `service.declare` runs, minus one commit per incident).
 * `at(i)` moves the clock before each one so their due times are spread. Each is acknowledged as
 * it is declared (someone is on it but posts no updates): the reminder case, without 10,000
 * "not acknowledged" pages on top.
 */
export async function declareBatch(app: FirebreakApp, first: number, count: number, at: (i: number) => void): Promise<void> {
  await app.store.transaction(async (tx) => {
    for (let i = first; i < first + count; i++) {
      at(i);
      await app.service.declareIn(tx, {
        title: `Synthetic incident ${i + 1}`,
        severity: SEVERITIES[i % SEVERITIES.length]!,
        declaredBy: { id: 'bench:load', name: 'Load test' },
        source: 'bench',
      }, (work) => void work.apply(acknowledge(work.incident, RESPONDER, work.now)));
    }
  });
}

/** Every `reminder_sent` event: which incident, which due time, in firing order. */
export async function reminderEvents(app: FirebreakApp): Promise<{ incidentId: string; dueAt: number; late: boolean }[]> {
  const rows = await app.store.db.selectFrom('timeline').select(['incident_id', 'event']).where('kind', '=', 'reminder_sent').orderBy('id').execute();
  return rows.map((r) => {
    const data = (JSON.parse(r.event) as { data: { dueAt: number; late: boolean } }).data;
    return { incidentId: r.incident_id, dueAt: data.dueAt, late: data.late };
  });
}

/** How many timeline events of each kind the run produced (escalations, pages, …). */
export async function eventCounts(app: FirebreakApp): Promise<Record<string, number>> {
  const rows = await app.store.db
    .selectFrom('timeline')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

export async function declaredAts(app: FirebreakApp): Promise<number[]> {
  const rows = await app.store.db.selectFrom('incidents').select('declared_at').execute();
  return rows.map((r) => Number(r.declared_at));
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
