/**
 * The leadership a leader lease gives, on a manual clock: one leader at a time, takeover
 * only after expiry with a higher fencing token, and a leader that cannot renew steps down before
 * its lease ends, so the next one never overlaps it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Lease, LeaseStore } from '../../src/core/leases.js';
import { silentLogger } from '../../src/core/logger.js';
import { Leadership } from '../../src/scheduler/leadership.js';
import { LeaseTable } from '../../src/store/lease-table.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';

const LEASE_MS = 15_000;
let app: TestApp;
let clock: ManualClock;
let table: LeaseTable;
let events: string[];

beforeEach(async () => {
  app = await createTestApp();
  clock = app.clock;
  table = new LeaseTable(app.store.db);
  events = [];
});
afterEach(async () => {
  await app.close();
});

/** A lease store whose calls can be made to fail or to hang, as a store outage does. */
class FlakyLeases implements LeaseStore {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  constructor(private readonly inner: LeaseStore) {}
  #gate<T>(work: () => Promise<T>): Promise<T> {
    if (this.mode === 'fail') return Promise.reject(Object.assign(new Error('connection terminated'), { code: '57P01' }));
    if (this.mode === 'hang') return new Promise<T>(() => {});
    return work();
  }
  acquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<Lease | undefined> {
    return this.#gate(() => this.inner.acquireLease(name, holder, now, ttlMs));
  }
  renewLease(name: string, holder: string, token: number, now: number, ttlMs: number): Promise<Lease | undefined> {
    return this.#gate(() => this.inner.renewLease(name, holder, token, now, ttlMs));
  }
  releaseLease(name: string, holder: string, token: number): Promise<void> {
    return this.#gate(() => this.inner.releaseLease(name, holder, token));
  }
}

function replica(holder: string, leases: LeaseStore = table): Leadership {
  return new Leadership({
    leases,
    name: 'chat-connections',
    holder,
    clock,
    log: silentLogger,
    leaseMs: LEASE_MS,
    onElected: async () => void events.push(`${holder} elected`),
    onDeposed: async () => void events.push(`${holder} deposed`),
  });
}

/** Lets the queued leadership callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('leadership', () => {
  it('elects one replica; the other follows while the leader renews', async () => {
    const a = replica('a');
    const b = replica('b');
    await a.tick();
    await b.tick();
    for (let i = 0; i < 5; i++) {
      clock.advance(5_000);
      await a.tick();
      await b.tick();
    }
    await settle();
    expect([a.leading, b.leading]).toEqual([true, false]);
    expect(a.token).toBe(1);
    expect(events).toEqual(['a elected']);
  });

  it('a leader that cannot reach the store steps down before its lease ends; another takes over after it, with a higher token', async () => {
    const leases = new FlakyLeases(table);
    const a = replica('a', leases);
    const b = replica('b');
    await a.tick();
    leases.mode = 'fail';

    clock.advance(LEASE_MS - 3_001);
    await a.tick();
    expect(a.leading).toBe(true);
    clock.advance(1);
    await a.tick();
    await settle();
    expect(a.leading).toBe(false);
    expect(events).toEqual(['a elected', 'a deposed']);

    // Not yet expired in the store: no takeover while the old leader might still be closing.
    await b.tick();
    expect(b.leading).toBe(false);
    clock.advance(3_000);
    await b.tick();
    await settle();
    expect(b.leading).toBe(true);
    expect(b.token).toBe(2);
    expect(events).toEqual(['a elected', 'a deposed', 'b elected']);
  });

  it('a renewal that hangs counts as lost at the deadline', async () => {
    const leases = new FlakyLeases(table);
    const a = replica('a', leases);
    await a.tick();
    leases.mode = 'hang';
    clock.advance(5_000);
    const renewing = a.tick();
    await settle();
    expect(a.leading).toBe(true);
    clock.advance(LEASE_MS - 3_000 - 5_000);
    await renewing;
    await settle();
    expect(a.leading).toBe(false);
    expect(events).toEqual(['a elected', 'a deposed']);
  });

  it('a replica that stops closes its connections, then releases the lease for the next one', async () => {
    const a = replica('a');
    const b = replica('b');
    a.start();
    await settle();
    await a.stop();
    await b.tick();
    await settle();
    expect(b.leading).toBe(true);
    expect(b.token).toBe(2);
    expect(events).toEqual(['a elected', 'a deposed', 'b elected']);
  });
});
