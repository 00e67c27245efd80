import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, threadMessages, visibleText, type AmAlertSpec } from './helpers.js';

const GROUPS = 50;
const PER_GROUP = 20; // 1,000 alerts
const IN_FLIGHT = 20;
/** Per incident: thread root (header), alerts message, status-channel broadcast, and a little slack. */
const MAX_MESSAGES_PER_INCIDENT = 6;

let app: TestApp;
let url: string;
beforeEach(async () => {
  app = await createTestApp();
  url = await app.listen();
});
afterEach(async () => {
  await app.close();
});

/** Alert i of the storm, in arrival order: groups interleave, each group grows one alert at a time. */
function delivery(i: number): object {
  const group = `Storm${i % GROUPS}`;
  const count = Math.floor(i / GROUPS) + 1;
  const alerts: AmAlertSpec[] = Array.from({ length: count }, (_, k) => ({ fingerprint: `${group}-${k}`, labels: { severity: 'critical' } }));
  return amGroup(group, alerts); // like Alertmanager, every notification lists the whole group
}

/** Posts the 1,000 alerts over real HTTP, `IN_FLIGHT` at a time; answers the elapsed ms. */
async function storm(during?: () => Promise<void>): Promise<number> {
  let next = 0;
  const statuses: number[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < GROUPS * PER_GROUP) {
      const body = JSON.stringify(delivery(next++));
      const res = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      statuses.push(res.status);
      await res.arrayBuffer();
      await during?.();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = performance.now() - started;
  expect(statuses.filter((s) => s !== 202)).toEqual([]);
  expect(statuses).toHaveLength(GROUPS * PER_GROUP);
  return elapsed;
}

async function outboxRows(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from outbox`.execute(app.store.db);
  return Number(rows[0]!.n);
}

async function assertBounded(label: string, elapsed: number): Promise<void> {
  await app.scheduler.tick();

  expect(await app.store.listIncidents({ limit: 1000 })).toHaveLength(GROUPS);
  const threads = await app.store.webMessages.list({ channel: 'incidents', threadId: null });
  expect(threads).toHaveLength(GROUPS);
  const messages = await app.store.webMessages.list({});
  expect(messages.length).toBeLessThanOrEqual(GROUPS * MAX_MESSAGES_PER_INCIDENT);
  // the last edit wins: every thread shows the whole group firing, in the alerts message and the header
  for (const thread of threads) {
    const [header, ...rest] = await threadMessages(app, thread.incidentId!);
    expect(visibleText(header!.message), thread.incidentId!).toContain(`${PER_GROUP} of ${PER_GROUP} alerts firing`);
    expect(rest.map((m) => m.message.text), thread.incidentId!).toContain(`${thread.incidentId}: ${PER_GROUP} of ${PER_GROUP} alerts firing`);
  }
  const pending = await app.store.outbox.nextOutboxDueAt();
  expect(pending).toBeUndefined();
  console.info(`storm (${label}): 1000 alerts / ${GROUPS} groups in ${Math.round(elapsed)} ms; ${messages.length} web messages, ${await outboxRows()} outbox rows`);
}

describe('an alert storm', () => {
  it('1,000 alerts in 50 groups, delivered after the storm: 50 incidents, a bounded number of messages', async () => {
    const elapsed = await storm();
    const queued = await outboxRows();
    expect(queued).toBeLessThanOrEqual(GROUPS * MAX_MESSAGES_PER_INCIDENT); // edits coalesced while queued
    await assertBounded('outbox drained after', elapsed);
  }, 60_000);

  it('the same storm while the outbox is being delivered: still bounded, and no edit is lost', async () => {
    let ticking: Promise<void> | undefined;
    const elapsed = await storm(async () => {
      ticking ??= app.scheduler.tick().finally(() => (ticking = undefined));
    });
    await ticking;
    await assertBounded('outbox drained during', elapsed);
  }, 60_000);
});
