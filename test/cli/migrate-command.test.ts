/**
 * `firebreak migrate --from sqlite:… --to postgres://…` with a SQLite file the app wrote and a
 * real PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrateCopy } from '../../src/cli/migrate-command.js';
import { declareIncident } from '../../src/core/incident.js';
import { TABLES, renderCounts } from '../../src/store/copy-tables.js';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, type RunningPostgres } from '../fakes/embedded-postgres.js';
import { createTestApp, ctx } from '../fakes/test-app.js';
import { fixture, post } from '../http/helpers.js';

let server: RunningPostgres;
let dir: string;
let sqlitePath: string;

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'firebreak-migrate-'));
  sqlitePath = join(dir, 'firebreak.db');
  // A store the app wrote: incidents, timeline, alerts, outbox, console messages, timers, a dead letter.
  const app = await createTestApp({ dir });
  try {
    const reply = await app.interactions.submit('fb.modal.declare', '', { title: 'Checkout is down', severity: 'SEV2', description: 'Users get 500s' }, ctx('Alice'));
    const id = /INC-\d+/.exec(reply.message!.text)![0];
    await app.interactions.command('ack', ctx('Bob', id));
    expect((await post(app, 'alertmanager', fixture('alertmanager/captured-firing.json'))).statusCode).toBe(202);
    expect((await post(app, 'generic', '{"title": ')).statusCode).toBe(400);
    await app.scheduler.tick();
  } finally {
    await app.close();
  }
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
}

describe('firebreak migrate --from sqlite: --to postgres://', () => {
  it('copies every table, checks the counts, and leaves Postgres ready to go on numbering', async () => {
    const url = await server.createDatabase('copied');
    const run = capture();

    expect(await runMigrateCopy(['--from', `sqlite:${sqlitePath}`, '--to', url], run.io)).toBe(0);

    const check = run.out.find((l) => l.startsWith('table'))!;
    for (const table of TABLES) expect(check).toMatch(new RegExp(`^${table} +\\d+ +\\d+  ok$`, 'm'));
    expect(check).toMatch(/^incidents +2 +2  ok$/m);
    expect(check).toMatch(/^dead_letters +1 +1  ok$/m);
    const from = await openStore({ kind: 'sqlite', path: sqlitePath }, { surfaces: ['web'], now: Date.now });
    const to = await openStore({ kind: 'postgres', url }, { surfaces: ['web'], now: Date.now });
    try {
      expect(await to.listIncidents()).toEqual(await from.listIncidents());
      expect(await to.timeline('INC-1')).toEqual(await from.timeline('INC-1'));
      expect(await to.listDeadLetters()).toEqual(await from.listDeadLetters());
      expect(await to.webMessages.list({})).toEqual(await from.webMessages.list({}));
      // numbering goes on after the copied rows: the next incident and timeline rows do not collide
      const next = await to.transaction(async (tx) => {
        const { incident, events } = declareIncident(await tx.nextIncidentSeq(), { title: 'After the move', declaredBy: { id: 'web:alice', name: 'Alice' }, source: 'test' }, Date.now());
        await tx.insertIncident(incident);
        await tx.appendTimeline(events);
        return incident.id;
      });
      expect(next).toBe('INC-3');
      await to.webMessages.insert({ channel: 'incidents', threadId: null, incidentId: null, message: { text: 'x', blocks: [] }, createdAt: 1, updatedAt: 1 });
    } finally {
      await from.close();
      await to.close();
    }
  });

  it('refuses a target that holds rows unless --force, which replaces them', async () => {
    const url = await server.createDatabase('held');
    expect(await runMigrateCopy(['--from', `sqlite:${sqlitePath}`, '--to', url], capture().io)).toBe(0);

    const again = capture();
    expect(await runMigrateCopy(['--from', `sqlite:${sqlitePath}`, '--to', url], again.io)).toBe(1);
    expect(again.err.join('\n')).toContain('The target database already holds rows (counters: 1, incidents: 2');

    const forced = capture();
    expect(await runMigrateCopy(['--from', `sqlite:${sqlitePath}`, '--to', url, '--force'], forced.io)).toBe(0);
    expect(forced.out.join('\n')).toMatch(/^incidents +2 +2  ok$/m);
  });

  it('names every table of the schema', () => {
    const sqlite = new SQLite(sqlitePath, { readonly: true });
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'").all() as { name: string }[];
    sqlite.close();
    expect(tables.map((t) => t.name).toSorted()).toEqual([...TABLES].toSorted());
  });

  it('prints a mismatch and fails the check', () => {
    const check = renderCounts([{ table: 'incidents', from: 3, to: 2 }, { table: 'timeline', from: 5, to: 5 }]);
    expect(check.ok).toBe(false);
    expect(check.text).toBe(['table        sqlite  postgres', 'incidents         3         2  MISMATCH', 'timeline          5         5  ok'].join('\n'));
  });

  it('refuses arguments it cannot use, with the usage line', async () => {
    const missing = capture();
    expect(await runMigrateCopy(['--from', `sqlite:${join(dir, 'nope.db')}`, '--to', server.url()], missing.io)).toBe(2);
    expect(missing.err[0]).toContain('does not exist');
    const wrong = capture();
    expect(await runMigrateCopy(['--from', `sqlite:${sqlitePath}`, '--to', 'mysql://x'], wrong.io)).toBe(2);
    expect(wrong.err[0]).toContain('Usage: firebreak migrate --from sqlite:PATH --to postgres://');
  });
});
