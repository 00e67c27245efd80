/** The leader lease table on SQLite and Postgres: one holder at a time, a new token on every takeover, one statement per change. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { LeaseTable } from '../../src/store/lease-table.js';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, type RunningPostgres } from '../fakes/embedded-postgres.js';

const LEASE_MS = 15_000;
const NOW = Date.parse('2026-03-04T10:00:00Z');
const OPTIONS = { surfaces: ['web'], now: () => NOW };

let server: RunningPostgres | undefined;
let databases = 0;
const dir = mkdtempSync(join(tmpdir(), 'firebreak-leases-'));

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const dialects: [string, () => Promise<KyselyStore>][] = [
  ['SQLite', () => openStore({ kind: 'sqlite', path: join(dir, `leases-${++databases}.db`) }, OPTIONS)],
  ['Postgres', async () => openStore({ kind: 'postgres', url: await server!.createDatabase(`leases_${++databases}`), poolSize: 12 }, OPTIONS)],
];

describe.each(dialects)('the lease table on %s', (_name, open) => {
  let store: KyselyStore;
  let table: LeaseTable;
  const setUp = async () => {
    store = await open();
    await store.migrate();
    table = new LeaseTable(store.db);
  };
  afterEach(async () => {
    await store?.close();
  });

  it('gives a free lease to one holder, refuses another until it expires, then takes it over with the next token', async () => {
    await setUp();
    const first = await table.acquireLease('l', 'a', NOW, LEASE_MS);
    expect(first).toEqual({ name: 'l', holder: 'a', token: 1, expiresAt: NOW + LEASE_MS });
    expect(await table.acquireLease('l', 'b', NOW + LEASE_MS - 1, LEASE_MS)).toBeUndefined();

    expect(await table.renewLease('l', 'a', 1, NOW + 5_000, LEASE_MS)).toEqual({ name: 'l', holder: 'a', token: 1, expiresAt: NOW + 5_000 + LEASE_MS });
    expect(await table.acquireLease('l', 'a', NOW + 6_000, LEASE_MS)).toMatchObject({ token: 1 });

    const after = NOW + 6_000 + LEASE_MS;
    expect(await table.acquireLease('l', 'b', after, LEASE_MS)).toMatchObject({ holder: 'b', token: 2 });
    expect(await table.renewLease('l', 'a', 1, after, LEASE_MS)).toBeUndefined();
    // The old holder coming back after a takeover starts a term of its own.
    expect(await table.acquireLease('l', 'a', after + LEASE_MS, LEASE_MS)).toMatchObject({ holder: 'a', token: 3 });
  });

  it('lets a released lease be taken at once, still counting tokens', async () => {
    await setUp();
    await table.acquireLease('l', 'a', NOW, LEASE_MS);
    await table.releaseLease('l', 'a', 1);
    expect(await table.renewLease('l', 'a', 1, NOW, LEASE_MS)).toBeUndefined();
    expect(await table.acquireLease('l', 'b', NOW, LEASE_MS)).toMatchObject({ holder: 'b', token: 2 });
    // Releasing a term that is over changes nothing.
    await table.releaseLease('l', 'a', 1);
    expect(await table.acquireLease('l', 'c', NOW + 1, LEASE_MS)).toBeUndefined();
  });

  it('gives a free or expired lease to exactly one of many holders asking at once', async () => {
    await setUp();
    const race = (at: number) => Promise.all(Array.from({ length: 10 }, (_, i) => table.acquireLease('l', `r${i}-${at}`, at, LEASE_MS)));
    expect((await race(NOW)).filter(Boolean)).toHaveLength(1);
    const takeover = (await race(NOW + LEASE_MS)).filter(Boolean);
    expect(takeover).toHaveLength(1);
    expect(takeover[0]!.token).toBe(2);
  });
});
