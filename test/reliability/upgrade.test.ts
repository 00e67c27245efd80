/**
 * A database written by the previous release (fixture made with that release's own code, see
 * test/fixtures/prev-release/README.md) opens, migrates and keeps every incident, timer and queued
 * message — and they still work: the queued messages are delivered, a due reminder fires.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestApp, threadTexts, type TestApp } from '../fakes/test-app.js';

const FIXTURE = new URL('../fixtures/prev-release/firebreak-prev.db', import.meta.url).pathname;
let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = undefined;
  dir = undefined;
});

describe('upgrading from the previous release', () => {
  it('migrates its database and keeps every incident, timer and queued message, which still work', async () => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-upgrade-'));
    copyFileSync(FIXTURE, join(dir, 'firebreak.db'));
    app = await createTestApp({ dir, start: '2026-01-05T09:06:00Z' });

    expect(app.logs.find((l) => l.msg === 'database migrated')?.migrations).toEqual(['0004-chat-contract', '0005-pages', '0006-leases', '0007-web-delivery-key', '0008-alert-group-digest', '0009-queued-deliveries']);
    const incidents = await app.store.listIncidents();
    expect(incidents.map((i) => [i.id, i.status, i.severity]).sort()).toEqual([
      ['INC-1', 'investigating', 'SEV2'],
      ['INC-2', 'investigating', 'SEV3'],
      ['INC-3', 'resolved', 'SEV3'],
    ]);
    expect((await app.store.alertsOf('INC-2')).map((a) => a.title)).toEqual(['Disk almost full on db-1']);
    const timers = await app.store.db.selectFrom('timers').select(['incident_id', 'kind']).orderBy('incident_id').orderBy('kind').execute();
    expect(timers.map((t) => `${t.incident_id} ${t.kind}`)).toEqual([
      'INC-1 open_escalation',
      'INC-1 status_reminder',
      'INC-2 ack_escalation',
      'INC-2 status_reminder',
      'INC-3 postmortem_reminder',
    ]);
    const queued = await app.store.db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute();
    expect(queued).toHaveLength(4);

    // The queued messages are delivered once, into the thread the old release opened.
    await app.scheduler.tick();
    const texts = await threadTexts(app, 'INC-1');
    expect(texts.filter((t) => t === 'Note: queued before the upgrade')).toHaveLength(1);
    expect(texts.filter((t) => t.includes('still rolling back'))).toHaveLength(1);
    expect(texts[0]).toContain('INC-1 · Checkout returns 502');
    expect(texts).toContain('Note: rolled back the deploy'); // delivered by the old release, still there

    // A reminder that came due fires once.
    app.clock.set(Date.parse('2026-01-05T09:31:00Z'));
    await app.scheduler.tick();
    const reminders = (await app.store.timeline('INC-2')).filter((e) => e.kind === 'reminder_sent');
    expect(reminders).toHaveLength(1);
    // and a command on an old incident works
    await app.interactions.command('note after the upgrade', { actor: { id: 'web:alice', name: 'Alice' }, surface: 'web', incidentId: 'INC-3' });
    await app.scheduler.tick();
    expect(await threadTexts(app, 'INC-3')).toContain('Note: after the upgrade');
  });

  it('migrates a database that has 0005 but not yet 0004', async () => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-upgrade-'));
    const path = join(dir, 'firebreak.db');
    const all = migrations('sqlite');
    const old = await openStore({ kind: 'sqlite', path }, { surfaces: ['web'], now: () => 0 });
    const partial = Object.fromEntries(Object.entries(all).filter(([name]) => name !== '0004-chat-contract'));
    const { error } = await new Migrator({ db: old.db, provider: { getMigrations: async () => partial } }).migrateToLatest();
    expect(error).toBeUndefined();
    await old.close();

    app = await createTestApp({ dir });
    expect(app.logs.find((l) => l.msg === 'database migrated')?.migrations).toEqual(['0004-chat-contract']);
  });
});
