/**
 * An alert storm into Slack: 10,000 alerts in 50 Alertmanager groups within 10 s (simulated), against
 * a fake Slack that allows one message per second per channel. Pacing keeps every call under the
 * limit, edits coalesce while queued, and every thread ends in its last state once the storm ends.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { amGroup, type AmAlertSpec } from '../../http/helpers.js';
import { startSlack, type SlackHarness } from './slack-harness.js';

const GROUPS = 50;
const ALERTS_PER_GROUP = 200; // 10,000 alerts
const ROUNDS = 5; // like Alertmanager, each notification lists the whole group, which grows every round
const ROUND_MS = 2_000;
const IN_FLIGHT = 10;
/** Chat calls one incident may cost while the storm lasts: its thread root, its alerts message, one edit. */
const MAX_CALLS_PER_INCIDENT = 3;

let h: SlackHarness;
afterEach(async () => {
  await h?.close();
});

function notification(group: number, round: number): string {
  const name = `Storm${group}`;
  const count = (ALERTS_PER_GROUP / ROUNDS) * round;
  const alerts: AmAlertSpec[] = Array.from({ length: count }, (_, k) => ({ fingerprint: `${name}-${k}`, labels: { severity: 'critical' } }));
  return JSON.stringify(amGroup(name, alerts));
}

async function deliverRound(round: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < GROUPS) {
      const body = notification(next++, round);
      const res = await h.app.server.inject({ method: 'POST', url: '/webhooks/alertmanager', headers: { 'content-type': 'application/json' }, payload: body });
      statuses.push(res.statusCode);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return statuses;
}

/** The thread root each Slack message call touched: a root post, a reply, or an edit of either. */
function rootOf(method: string, args: Record<string, any>, callIndex: number): string | undefined {
  const messages = h.fake.messages;
  if (method === 'chat.postMessage') {
    if (args.thread_ts) return args.thread_ts;
    // a root post: the message stored for this call is the root itself
    const posted = messages.filter((m) => m.channel === args.channel && !m.thread_ts && m.text === args.text);
    return posted.at(-1)?.ts ?? `unanswered-${callIndex}`;
  }
  if (method === 'chat.update') {
    const m = messages.find((x) => x.channel === args.channel && x.ts === args.ts);
    return m?.thread_ts ?? m?.ts;
  }
  return undefined;
}

describe('an alert storm into Slack', () => {
  it('10,000 alerts in 50 groups within 10 s: 50 threads, at most 3 calls each during the storm, no 429, every alert stored, every thread right at the end', { timeout: 180_000 }, async () => {
    h = await startSlack();
    const statuses: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      statuses.push(...(await deliverRound(round)));
      await h.app.scheduler.tick();
      h.app.clock.advance(ROUND_MS);
    }
    await h.app.scheduler.tick();
    const stormCalls = h.fake.calls.slice();

    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*) as n from alerts`.execute(h.app.store.db);
    expect(Number(rows[0]!.n)).toBe(GROUPS * ALERTS_PER_GROUP);
    const incidents = await h.app.store.listIncidents({ limit: 1000 });
    expect(incidents).toHaveLength(GROUPS);

    // During the storm: no incident cost more than a few calls into the incidents channel.
    const perRoot = new Map<string, number>();
    stormCalls.forEach((call, i) => {
      if (call.args.channel !== 'C_INC') return;
      const root = rootOf(call.method, call.args, i);
      if (root) perRoot.set(root, (perRoot.get(root) ?? 0) + 1);
    });
    expect(Math.max(...perRoot.values())).toBeLessThanOrEqual(MAX_CALLS_PER_INCIDENT);

    // After the storm the queue drains at Slack's pace.
    for (let s = 0; s < 600 && (await h.app.store.outbox.nextOutboxDueAt()) !== undefined; s++) {
      h.app.clock.advance(1_000);
      await h.app.scheduler.tick();
    }
    expect(await h.app.store.outbox.nextOutboxDueAt()).toBeUndefined();
    expect(h.fake.rateLimited).toBe(0);

    const roots = h.fake.messages.filter((m) => m.channel === 'C_INC' && !m.thread_ts);
    expect(roots).toHaveLength(GROUPS);
    for (const incident of incidents) {
      const root = roots.find((m) => m.text.startsWith(`${incident.id} `) || m.text.startsWith(`${incident.id}:`) || m.text.includes(`${incident.id} ·`));
      expect(root, incident.id).toBeDefined();
      const visible = JSON.stringify(root!.blocks ?? []) + root!.text;
      expect(visible, incident.id).toContain(`${ALERTS_PER_GROUP} of ${ALERTS_PER_GROUP} alerts firing`);
      const replies = h.fake.messages.filter((m) => m.thread_ts === root!.ts);
      expect(replies.map((m) => m.text.replace(/^\S+ /u, '')), incident.id).toContain(`${incident.id}: ${ALERTS_PER_GROUP} of ${ALERTS_PER_GROUP} alerts firing`);
    }
  });
});
