/**
 * The store contract: what every store implementation must do, whatever its engine. Each engine's
 * test file calls `describeStoreContract` with a way to open a fresh, migrated store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident } from '../../src/core/incident.js';
import type { InboxEntry } from '../../src/core/ports.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';

export interface OpenedStore {
  store: KyselyStore;
  close(): Promise<void>;
}

const ALICE = { id: 'web:alice', name: 'Alice' };
const T0 = Date.parse('2026-03-04T10:00:00Z');

export function describeStoreContract(engine: string, open: () => Promise<OpenedStore>): void {
  describe(`the store contract (${engine})`, () => {
    let opened: OpenedStore;
    let store: KyselyStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    const declare = (title: string) =>
      store.transaction(async (tx) => {
        const { incident, events } = declareIncident(await tx.nextIncidentSeq(), { title, declaredBy: ALICE, source: 'test' }, T0);
        await tx.insertIncident(incident);
        await tx.appendTimeline(events);
        return incident;
      });

    it('numbers incidents in sequence and reads them back, locked and unlocked', async () => {
      const [a, b] = [await declare('A'), await declare('B')];
      expect([a.id, b.id]).toEqual(['INC-1', 'INC-2']);
      expect(await store.transaction((tx) => tx.lockIncident('INC-2'))).toEqual(b);
      expect((await store.listIncidents({ status: 'open' })).map((i) => i.id)).toEqual(['INC-2', 'INC-1']);
      expect((await store.timeline('INC-1')).map((e) => e.kind)).toEqual(['declared']);
    });

    it('rolls a failed transaction back whole', async () => {
      await expect(
        store.transaction(async (tx) => {
          const { incident } = declareIncident(await tx.nextIncidentSeq(), { title: 'X', declaredBy: ALICE, source: 'test' }, T0);
          await tx.insertIncident(incident);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await store.listIncidents()).toEqual([]);
    });

    it('claims a due timer once until its lease ends, and counts a leased timer from its lease end', async () => {
      await declare('A');
      await store.transaction((tx) => tx.setTimer({ incidentId: 'INC-1', kind: 'status_reminder', dueAt: T0 + 1_000 }));
      expect(await store.claimDueTimers(T0, 10, 60_000)).toEqual([]);
      expect(await store.claimDueTimers(T0 + 1_000, 10, 60_000)).toEqual([{ incidentId: 'INC-1', kind: 'status_reminder', dueAt: T0 + 1_000 }]);
      expect(await store.claimDueTimers(T0 + 2_000, 10, 60_000)).toEqual([]);
      expect(await store.nextTimerDueAt()).toBe(T0 + 61_000);
      expect(await store.claimDueTimers(T0 + 61_001, 10, 60_000)).toHaveLength(1);
      await store.transaction((tx) => tx.cancelTimers('INC-1'));
      expect(await store.nextTimerDueAt()).toBeUndefined();
    });

    it('records a delivery id once', async () => {
      const marks = await store.transaction(async (tx) => [await tx.markDelivery('s', 'd1', T0), await tx.markDelivery('s', 'd1', T0), await tx.markDelivery('s', 'd2', T0)]);
      expect(marks).toEqual([true, false, true]);
    });

    it('gives an alert group to the first incident that claims it', async () => {
      await declare('A');
      await declare('B');
      const owners = await store.transaction(async (tx) => [
        await tx.claimAlertGroup({ source: 'generic', groupKey: 'g', incidentId: 'INC-1' }),
        await tx.claimAlertGroup({ source: 'generic', groupKey: 'g', incidentId: 'INC-2' }),
      ]);
      expect(owners).toEqual(['INC-1', 'INC-1']);
    });

    it("knows a resend by its group's digest: only the group's alerts' last-seen time moves, and a cleared or shared digest is no resend", async () => {
      await declare('A');
      await declare('B');
      const alert = (dedupKey: string, groupKey: string, incidentId: string) => ({
        source: 'generic' as const, groupKey, dedupKey, status: 'firing' as const, title: dedupKey, summary: '', labels: {}, links: [], incidentId, firstSeenAt: T0, lastSeenAt: T0,
      });
      await store.transaction(async (tx) => {
        await tx.claimAlertGroup({ source: 'generic', groupKey: 'g', incidentId: 'INC-1' });
        await tx.saveAlert(alert('x', 'g', 'INC-1'));
        await tx.saveAlert(alert('y', 'g', 'INC-1'));
        await tx.setGroupDigest('generic', 'g', { digest: 'd-g', dedupKeys: ['x', 'y'] });
      });
      const check = (digest: string, now: number) => store.acceptResend({ source: 'generic', digest, now });
      expect(await check('d-g', T0 + 60_000)).toEqual({ incidentId: 'INC-1', accepted: 2 });
      expect(await check('d-other', T0 + 60_000)).toBeUndefined();
      expect(await store.acceptResend({ source: 'sentry', digest: 'd-g', now: T0 })).toBeUndefined(); // another source's
      await store.transaction(async () => undefined); // the next commit carries the last-seen times
      expect((await store.alertsOf('INC-1')).map((a) => [a.dedupKey, a.lastSeenAt])).toEqual([['x', T0 + 60_000], ['y', T0 + 60_000]]);

      await store.transaction((tx) => tx.setGroupDigest('generic', 'g', null));
      expect(await check('d-g', T0 + 120_000)).toBeUndefined();

      // One digest on two groups is not one group's last delivery.
      await store.transaction(async (tx) => {
        await tx.claimAlertGroup({ source: 'generic', groupKey: 'h', incidentId: 'INC-2' });
        await tx.setGroupDigest('generic', 'g', { digest: 'd-both', dedupKeys: ['x'] });
        await tx.setGroupDigest('generic', 'h', { digest: 'd-both', dedupKeys: [] });
      });
      expect(await check('d-both', T0)).toBeUndefined();
    });

    it('delivers the outbox in order per lane, one lane head at a time, leased once', async () => {
      await declare('A');
      const message = (text: string) => ({ text, blocks: [] });
      await store.transaction((tx) =>
        tx.enqueue([
          { to: { kind: 'thread', incidentId: 'INC-1' }, op: 'post', message: message('first') },
          { to: { kind: 'thread', incidentId: 'INC-1' }, op: 'post', message: message('second') },
          { to: { kind: 'channel', channel: 'status' }, op: 'post', message: message('status') },
        ]),
      );
      const heads = await store.outbox.pendingOutbox(T0, 10);
      expect(heads.map((r) => r.message.text)).toEqual(['first', 'status']);
      const leased = await store.outbox.leaseOutbox(heads[0]!.id, T0, 60_000);
      expect(leased?.tries).toBe(1);
      expect(await store.outbox.leaseOutbox(heads[0]!.id, T0, 60_000)).toBeUndefined();
      expect((await store.outbox.pendingOutbox(T0, 10)).map((r) => r.message.text)).toEqual(['status']);
      await store.outbox.completeOutbox(heads[0]!.id, T0);
      expect((await store.outbox.pendingOutbox(T0, 10)).map((r) => r.message.text)).toEqual(['second', 'status']);
    });

    it('coalesces a queued edit of one message into the one already queued', async () => {
      await declare('A');
      const edit = (text: string) => ({ to: { kind: 'thread' as const, incidentId: 'INC-1' }, op: 'update' as const, key: 'header', message: { text, blocks: [] } });
      await store.transaction((tx) => tx.enqueue([edit('v1')]));
      await store.transaction((tx) => tx.enqueue([edit('v2')]));
      expect((await store.outbox.pendingOutbox(T0, 10)).map((r) => r.message.text)).toEqual(['v2']);
    });

    it('keeps message references and finds a thread\'s incident', async () => {
      await store.outbox.saveMessageRef('slack', 'INC-7', 'thread', { channelId: 'C1', messageId: '1.2', threadId: '1.2' });
      await store.outbox.saveMessageRef('slack', 'INC-8', 'thread', { channelId: 'C8', messageId: '3.4' });
      expect(await store.outbox.getMessageRef('slack', 'INC-7', 'thread')).toEqual({ channelId: 'C1', messageId: '1.2', threadId: '1.2' });
      expect(await store.outbox.incidentOfThread('slack', 'C1', '1.2')).toBe('INC-7');
      expect(await store.outbox.incidentOfThread('slack', 'C8')).toBe('INC-8');
      expect(await store.outbox.incidentOfThread('slack', 'C1')).toBeUndefined();
    });

    it('stores an interaction once per delivery id and hands out a lease on it once', async () => {
      const entry: InboxEntry = { surface: 'slack', deliveryId: 'Ev1', inbound: { kind: 'command', text: 'help' }, ctx: { actor: ALICE, surface: 'slack' }, replyTo: { r: 1 }, receivedAt: T0 };
      const first = await store.inbox.acceptInteraction(entry);
      const again = await store.inbox.acceptInteraction(entry);
      expect([first.duplicate, again.duplicate, again.id]).toEqual([false, true, first.id]);
      expect(await store.inbox.leaseInteraction(first.id, T0, 30_000)).toMatchObject({ deliveryId: 'Ev1', replyTo: { r: 1 }, inbound: entry.inbound });
      expect(await store.inbox.leaseInteraction(first.id, T0, 30_000)).toBeUndefined();
      expect(await store.inbox.strandedInteractions(T0 + 30_001, 10)).toEqual([first.id]);
      await store.inbox.completeInteraction(first.id, T0);
      expect(await store.inbox.strandedInteractions(T0 + 60_000, 10)).toEqual([]);
    });

    it('refuses a query outside the transaction from inside it, loudly and at once', async () => {
      await declare('A');
      await expect(store.transaction(async () => store.getIncident('INC-1'))).rejects.toThrow('A query outside the transaction was made from inside it');
      await expect(store.transaction(async () => store.outbox.saveChannelRef('web', 'k', { channelId: 'c', messageId: 'm' }))).rejects.toThrow('outside the transaction');
      expect((await store.getIncident('INC-1'))?.id).toBe('INC-1'); // and the store still works
    });
  });
}
