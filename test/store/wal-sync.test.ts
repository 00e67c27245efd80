/** SQLite commits are flushed off the event loop, and nobody hears of a commit before its flush. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openStore } from '../../src/store/open-store.js';
import { WalSync } from '../../src/store/wal-sync.js';
import { declareIn } from './declare.js';

let dir: string;
let store: KyselyStore;
/** Flushes asked for and not yet done; `finish()` completes the oldest. */
let held: ((err: Error | null) => void)[];
let sync: WalSync;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-wal-'));
  held = [];
  store = await openStore(
    { kind: 'sqlite', path: join(dir, 'firebreak.db') },
    { surfaces: ['web'], now: () => 0, batchMs: Infinity, walSync: (path) => (sync = new WalSync(path, (_fd, done) => void held.push(done))) },
  );
  await store.migrate(); // the migrator commits on its own, without the group commit
});
afterEach(async () => {
  held.splice(0).forEach((done) => done(null));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const declare = (title: string) => declareIn(store, title);

async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('the WAL flush', () => {
  it('answers a transaction only after a flush that began after its commit; a second flush begins at once, and beyond two they are shared', async () => {
    let first: string | undefined;
    const one = declare('one').then((id) => (first = id));
    await turns();
    expect(held).toHaveLength(1); // committed, flush asked for, nobody answered yet
    expect(first).toBeUndefined();
    expect((await store.listIncidents()).map((i) => i.id)).toEqual(['INC-1']); // on the connection already

    // A commit while that flush is in flight gets a flush of its own at once, not after the first ends.
    let second = false;
    const two = declare('two').then(() => (second = true));
    await turns();
    expect(held).toHaveLength(2);

    // With two in flight, later commits wait for the next flush, begun when one ends and shared by all of them.
    let later = 0;
    const more = [declare('three'), declare('four')].map((p) => p.then(() => later++));
    await turns();
    expect(held).toHaveLength(2);
    held.shift()!(null);
    await one;
    await turns();
    expect(second).toBe(false); // its own flush is still in flight
    expect(later).toBe(0);
    expect(held).toHaveLength(2); // the second one, and the next one, for both later commits
    held.shift()!(null);
    await two;
    held.shift()!(null);
    await Promise.all(more);
    expect(later).toBe(2);
    expect(sync.flushes).toBe(3);
  });

  it('fails the waiting callers when the flush fails, and records bookkeeping without waiting for the disk', async () => {
    const failing = declare('lost?');
    await turns();
    held.shift()!(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(failing).rejects.toThrow(/EIO/);

    // A delivery marked done is answered once committed, before any flush.
    const id = await store.webMessages.insert({ channel: 'status', threadId: null, incidentId: null, message: { text: 'x', blocks: [] }, createdAt: 0, updatedAt: 0 });
    expect(id).toBeGreaterThan(0);
  });
});
