/** The WAL is checkpointed on a worker thread, not inside a commit on the event loop. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openStore } from '../../src/store/open-store.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer } from '../../src/store/wal-checkpointer.js';
import { declareIn } from './declare.js';
import { sql } from 'kysely';
import { eventually } from '../e2e/http-client.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let dir: string;
let path: string;
let store: KyselyStore;
let checkpointer: WalCheckpointer;
let finished: number;
/** Frames in the WAL from which the tail is finished on the connection (0: after every checkpoint). */
let tailAfterFrames: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-checkpoint-'));
  finished = 0;
  tailAfterFrames = 0;
  path = join(dir, 'firebreak.db');
  store = await openStore({ kind: 'sqlite', path }, { surfaces: ['web'], now: () => 0, checkpointer: (p, finish) => (checkpointer = new WalCheckpointer(p, 10, () => (finished++, finish()), tailAfterFrames)) });
  await store.migrate();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const declare = (title: string) => declareIn(store, title);

describe('the WAL checkpointer', () => {
  it('copies the tail on the connection only once the WAL has grown that long', async () => {
    await store.close();
    tailAfterFrames = 1_000_000;
    store = await openStore({ kind: 'sqlite', path }, { surfaces: ['web'], now: () => 0, checkpointer: (p, finish) => (checkpointer = new WalCheckpointer(p, 10, () => (finished++, finish()), tailAfterFrames)) });
    for (let i = 0; i < 25; i++) await declare(`I${i}`);
    await eventually(() => (checkpointer.checkpoints >= 1 ? true : undefined), 10_000, 'a checkpoint on the worker');
    expect(finished).toBe(0);
  });

  it('checkpoints on its worker every so many commits, with the connection’s own checkpoint only a far fallback', async () => {
    const before = statSync(path).size;
    for (let i = 0; i < 9; i++) await declare(`I${i}`);
    expect(checkpointer.checkpoints).toBe(0); // no worker yet: a store that writes little never starts one
    for (let i = 9; i < 25; i++) await declare(`I${i}`);
    await eventually(() => (checkpointer.checkpoints >= 1 ? true : undefined), 10_000, 'a checkpoint on the worker');
    expect(finished).toBe(checkpointer.checkpoints); // each followed by the tail on the connection itself
    // The commits reached the database file itself, not only the WAL.
    expect(statSync(path).size).toBeGreaterThan(before);
    const reader = new SQLite(path, { readonly: true });
    try {
      expect(reader.prepare('select count(*) as n from incidents').get()).toEqual({ n: 25 });
    } finally {
      reader.close();
    }
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
    expect(rows).toEqual([{ wal_autocheckpoint: FALLBACK_AUTOCHECKPOINT_PAGES }]);
  });
});

describe('closing the store with a checkpoint worker running', () => {
  it('waits for the worker in a process that has nothing else left to do, and exits 0', () => {
    const script = `
      import { openStore } from './src/store/open-store.ts';
      import { WalCheckpointer } from './src/store/wal-checkpointer.ts';
      const store = await openStore({ kind: 'sqlite', path: process.argv[1] }, { surfaces: ['web'], now: () => 0, checkpointer: (p, finish) => new WalCheckpointer(p, 1, finish) });
      await store.migrate();
      for (let i = 0; i < 5; i++) await store.transaction((tx) => tx.markDelivery('s', String(i), 0));
      await store.close();
      console.log('closed');
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, join(dir, 'other.db')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: 'closed' });
  });
});
