/**
 * Two stores on one Postgres database, each with its own pool and listener: two Firebreak
 * processes as far as the database can tell.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors.js';
import { declareIncident } from '../../src/core/incident.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, type RunningPostgres } from '../fakes/embedded-postgres.js';

const ALICE = { id: 'web:alice', name: 'Alice' };
const T0 = Date.parse('2026-03-04T10:00:00Z');

let server: RunningPostgres;
let databases = 0;
let opened: KyselyStore[] = [];
let logs: { msg: string }[] = [];

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  await Promise.all(opened.map((s) => s.close()));
  opened = [];
  logs = [];
});

/** Two stores ("processes") on a fresh, migrated database. */
async function twoProcesses(): Promise<[KyselyStore, KyselyStore]> {
  const url = await server.createDatabase(`processes_${++databases}`);
  const log = { info: (_: object, msg: string) => void logs.push({ msg }), warn: (_: object, msg: string) => void logs.push({ msg }) };
  const open = () => openStore({ kind: 'postgres', url, poolSize: 4 }, { surfaces: ['web'], now: () => T0, log });
  const a = await open();
  opened.push(a);
  await a.migrate();
  const b = await open();
  opened.push(b);
  return [a, b];
}

async function declare(store: KyselyStore, title: string): Promise<string> {
  return store.transaction(async (tx) => {
    const { incident, events } = declareIncident(await tx.nextIncidentSeq(), { title, declaredBy: ALICE, source: 'test' }, T0);
    await tx.insertIncident(incident);
    await tx.appendTimeline(events);
    return incident.id;
  });
}

/** Resolves at the next onCommit call of `store`. */
function nextWake(store: KyselyStore): Promise<void> {
  return new Promise((resolve) => store.onCommit(() => resolve()));
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('two processes on one Postgres', () => {
  it('claim due timers without overlap: every timer once, by one of them', async () => {
    const [a, b] = await twoProcesses();
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => declare(i % 2 ? a : b, `I${i}`)));
    await Promise.all(ids.map((id) => a.transaction((tx) => tx.setTimer({ incidentId: id, kind: 'status_reminder', dueAt: T0 }))));

    const claimed: string[] = [];
    const drain = async (store: KyselyStore) => {
      for (;;) {
        const timers = await store.claimDueTimers(T0, 3, 60_000);
        if (timers.length === 0) return;
        claimed.push(...timers.map((t) => t.incidentId));
      }
    };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);

    expect(claimed.toSorted()).toEqual(ids.toSorted());
  });

  it('lease outbox rows without overlap, each lane head once, in order per lane', async () => {
    const [a, b] = await twoProcesses();
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => declare(a, `I${i}`)));
    for (const id of ids) {
      await a.transaction((tx) =>
        tx.enqueue([1, 2, 3].map((n) => ({ to: { kind: 'thread' as const, incidentId: id }, op: 'post' as const, message: { text: `${id}#${n}`, blocks: [] } }))),
      );
    }

    const delivered: string[] = [];
    const send = async (store: KyselyStore) => {
      for (;;) {
        const heads = await store.outbox.pendingOutbox(T0, 10);
        if (heads.length === 0) return;
        for (const head of heads) {
          const leased = await store.outbox.leaseOutbox(head.id, T0, 60_000);
          if (!leased) continue;
          delivered.push(leased.message.text);
          await store.outbox.completeOutbox(leased.id, T0);
        }
      }
    };
    await Promise.all([send(a), send(b), send(a), send(b)]);

    const expected = ids.flatMap((id) => [1, 2, 3].map((n) => `${id}#${n}`));
    expect(delivered.toSorted()).toEqual(expected.toSorted());
    for (const id of ids) expect(delivered.filter((t) => t.startsWith(`${id}#`))).toEqual([1, 2, 3].map((n) => `${id}#${n}`));
  });

  it('store one interaction once and lease it to one of them', async () => {
    const [a, b] = await twoProcesses();
    const entry = { surface: 'slack', deliveryId: 'Ev1', inbound: { kind: 'command' as const, text: 'help' }, ctx: { actor: ALICE, surface: 'slack' }, replyTo: null, receivedAt: T0 };
    const accepted = await Promise.all([a.inbox.acceptInteraction(entry), b.inbox.acceptInteraction(entry)]);
    expect(accepted.map((r) => r.duplicate).toSorted()).toEqual([false, true]);
    expect(accepted[0]!.id).toBe(accepted[1]!.id);
    const leases = await Promise.all([a.inbox.leaseInteraction(accepted[0]!.id, T0, 30_000), b.inbox.leaseInteraction(accepted[0]!.id, T0, 30_000)]);
    expect(leases.filter(Boolean)).toHaveLength(1);
  });

  it('number incidents without a gap or a duplicate when both declare at once', async () => {
    const [a, b] = await twoProcesses();
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => declare(i % 2 ? a : b, `I${i}`)));
    expect(ids.map((id) => Number(id.slice(4))).toSorted((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('lock an incident row: the second process to lock it waits until the first commits', async () => {
    const [a, b] = await twoProcesses();
    await declare(a, 'one');
    const order: string[] = [];
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = a.transaction(async (tx) => {
      await tx.lockIncident('INC-1');
      entered();
      await held;
      order.push('first commits');
    });
    await inside;

    const second = b.transaction(async (tx) => {
      await tx.lockIncident('INC-1');
      order.push('second locked');
    });
    const waiting = async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(a.db);
      return rows[0]!.n;
    };
    while ((await waiting()) === 0 && order.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([first, second]);

    expect(order).toEqual(['first commits', 'second locked']);
  });

  it('run a unit again when Postgres picks it to break a deadlock', async () => {
    const [a, b] = await twoProcesses();
    await declare(a, 'one');
    await declare(a, 'two');
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const meet = async () => {
      if (++arrived === 2) release();
      await bothHoldOne;
    };
    const runs = [0, 0];
    // Each locks one incident, waits until the other holds the other one, then asks for it.
    const lockBoth = (store: KyselyStore, n: 0 | 1, first: string, second: string) =>
      store.transaction(async (tx) => {
        runs[n]!++;
        await tx.lockIncident(first);
        if (runs[n] === 1) await meet();
        return (await tx.lockIncident(second))?.id;
      });

    const locked = await Promise.all([lockBoth(a, 0, 'INC-1', 'INC-2'), lockBoth(b, 1, 'INC-2', 'INC-1')]);

    expect(locked).toEqual(['INC-2', 'INC-1']);
    expect(runs[0]! + runs[1]!).toBe(3); // the deadlock's victim ran once more, and only it
  });

  it('wake each other: a transaction committed by one calls the other\'s onCommit listeners', async () => {
    const [a, b] = await twoProcesses();
    const woken = nextWake(b);
    let wakesOfA = 0;
    a.onCommit(() => wakesOfA++);

    await declare(a, 'queued by A');

    await woken; // without the announcement this never resolves and the test times out
    expect(wakesOfA).toBe(1); // A's own announcement does not wake A a second time
  });

  it('answer StoreUnavailableError while Postgres is down, and work again once it is back, without reopening', async () => {
    const [a, b] = await twoProcesses();
    await declare(a, 'before');

    await server.pause();
    await expect(declare(a, 'during')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(a.claimDueTimers(T0, 10, 60_000)).rejects.toBeInstanceOf(StoreUnavailableError);
    await server.start();

    expect(await declare(a, 'after')).toBe('INC-2');
    await until(() => logs.filter((l) => l.msg === 'work listener reconnected').length === 2);
    const woken = nextWake(b);
    await declare(a, 'announced');
    await woken;
    expect(logs.map((l) => l.msg)).toContain('work listener disconnected; reconnecting');
  });

  it('fail a transaction whose connection the server ends, and go on', async () => {
    const [a] = await twoProcesses();
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const open = a.transaction(async (tx) => {
      await tx.lockIncident('INC-1');
      entered();
      await held;
      await tx.markDelivery('s', 'd', T0);
    });
    await inside;

    await server.pause(); // ends every connection, the one this transaction holds too
    release();
    await expect(open).rejects.toBeInstanceOf(StoreUnavailableError);
    await server.start();

    expect(await declare(a, 'after')).toBe('INC-1');
    expect(logs.map((l) => l.msg)).toContain('database connection lost');
  });
});
