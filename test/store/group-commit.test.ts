import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/group-commit.js';
import type { Database } from '../../src/store/schema.js';
import { runAhead } from '../../src/store/units-ahead.js';
import { ValidationError } from '../../src/core/errors.js';
import { declareIncident } from '../../src/core/incident.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
beforeEach(async () => {
  // One transaction per turn whatever the units take (a cold first unit can take longer than the 4 ms budget).
  app = await createTestApp({ app: { batchMs: Infinity } });
});
afterEach(async () => {
  await app.close();
});

const declareIn = (title: string) =>
  app.store.transaction(async (tx) => {
    const { incident, events } = declareIncident(await tx.nextIncidentSeq(), { title, declaredBy: ctx('Alice').actor, source: 'test' }, app.clock.now());
    await tx.insertIncident(incident);
    await tx.appendTimeline(events);
    if (title === 'boom') throw new ValidationError('refused');
    return incident.id;
  });

/**
 * A group commit with a 4 ms budget on a clock of its own, in which every unit takes 3 ms: two units
 * fit in a transaction (the second starts at 3). Each unit records its name and the commits made
 * before it ran.
 */
function budgetedUnits() {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  let now = 0;
  let commits = 0;
  const group = new GroupCommit(db, (err) => err, () => undefined, { batchMs: 4, now: () => now, committed: () => commits++ });
  const ran: string[] = [];
  const unit = (name: string) =>
    group.run(async () => {
      ran.push(`${name}@${commits}`);
      now += 3;
      return name;
    });
  return { unit, ran, commits: () => commits, close: () => db.destroy() };
}

describe('group commit', () => {
  it('commits the work of one event-loop turn together, each unit rolled back alone on failure', async () => {
    let commits = 0;
    app.store.onCommit(() => commits++);
    const results = await Promise.allSettled([declareIn('one'), declareIn('boom'), declareIn('two')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    expect(commits).toBe(1);
    const stored = await app.store.listIncidents();
    expect(stored.map((i) => i.title).sort()).toEqual(['one', 'two']);
    // The failed unit's counter increment was rolled back with it: ids stay sequential.
    expect(stored.map((i) => i.id).sort()).toEqual(['INC-1', 'INC-2']);
    expect(await app.store.timeline('INC-3')).toEqual([]);
  });

  it('answers only after the commit: a failed commit fails every unit of the batch', async () => {
    // A deferred foreign key is checked at COMMIT: every statement of the batch succeeds, then the commit fails.
    await sql`create table parents (id integer primary key)`.execute(app.store.db);
    await sql`create table children (parent integer references parents (id) deferrable initially deferred)`.execute(app.store.db);
    await sql`create trigger orphan after insert on incidents when new.title = 'orphan' begin insert into children (parent) values (42); end`.execute(app.store.db);
    const results = await Promise.allSettled([declareIn('a'), declareIn('orphan'), declareIn('b')]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await app.store.listIncidents()).toEqual([]);
    expect(await sql`select count(*) as n from children`.execute(app.store.db)).toMatchObject({ rows: [{ n: 0 }] });
  });

  it('commits once a transaction’s units have run for the budget; the rest go first in the next, in order', async () => {
    const { unit, ran, commits, close } = budgetedUnits();
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(unit));

    expect(results).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ran).toEqual(['a@0', 'b@0', 'c@1', 'd@1', 'e@2']);
    expect(commits()).toBe(3);
    await close();
  });

  it('runs the units a person waits for ahead of those queued before them, in their own order', async () => {
    const { unit, ran, close } = budgetedUnits();
    await Promise.all([unit('alert-1'), unit('alert-2'), unit('alert-3'), runAhead(() => unit('click-1')), unit('alert-4'), runAhead(() => unit('click-2'))]);

    expect(ran).toEqual(['click-1@0', 'click-2@0', 'alert-1@1', 'alert-2@1', 'alert-3@2', 'alert-4@2']);
    await close();
  });

  it('prunes delivered outbox rows after a week, keeping undelivered ones', async () => {
    await app.service.declare({ title: 'Old', severity: 'SEV3', declaredBy: ctx('Alice').actor, source: 'test' });
    await app.scheduler.tick();
    const delivered = await app.store.db.selectFrom('outbox').select('id').where('delivered_at', 'is not', null).execute();
    expect(delivered.length).toBeGreaterThan(0);
    app.clock.advance(8 * 24 * 3_600_000);
    await app.interactions.command('note still here', ctx('Alice', 'INC-1'));
    expect(await app.store.outbox.pruneOutbox(app.clock.now() - 7 * 24 * 3_600_000)).toBe(delivered.length);
    expect((await app.store.db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute()).length).toBeGreaterThan(0);
    expect(await app.store.db.selectFrom('outbox').select('id').where('delivered_at', 'is not', null).execute()).toEqual([]);
  });
});
