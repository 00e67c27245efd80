/**
 * Several Firebreak processes on one Postgres: the same delivery to every replica has one effect,
 * due timers fire once, a commit on one replica wakes the others, a replica's death leaves its
 * work to the living, and only the holder of the leader lease keeps Socket Mode and the Discord
 * gateway. The processes run on the system clock; due times are moved in the database instead of
 * waiting for them. One file, so its processes never compete with each other's start-up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { killLeftovers } from '../e2e/firebreak-process.js';
import { startPostgres, type RunningPostgres } from '../fakes/embedded-postgres.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.js';
import { FakeSlack, type StoredMessage } from '../fakes/fake-slack.js';
import { FIXTURES, RUNBOOKS_DIR } from '../fakes/test-app.js';
import { Cluster, DISCORD, pause, postSlackEvent, readiness, until, type Replica } from './cluster.js';

const ALERTMANAGER = readFileSync(join(FIXTURES, 'alertmanager/captured-firing.json'), 'utf8');
const APP_MENTION = readFileSync(join(FIXTURES, 'slack/event_callback.app_mention.json'), 'utf8');

let postgres: RunningPostgres;
let slack: FakeSlack;
let discord: FakeDiscord | undefined;
let cluster: Cluster | undefined;
let databases = 0;

beforeAll(async () => {
  postgres = await startPostgres();
});
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
  await slack?.close();
  await discord?.close();
  discord = undefined;
});
afterAll(async () => {
  killLeftovers();
  await postgres?.stop();
});

/** A fresh database and fake Slack (with Socket Mode and a fake Discord when `connections`), and replicas `names` on them. */
async function startCluster(names: string[], env: Record<string, string> = {}, connections = false): Promise<Replica[]> {
  slack = await new FakeSlack().start();
  if (connections) {
    await slack.startSocket();
    discord = await startFakeDiscord([DISCORD.incidents, DISCORD.status]);
  }
  const databaseUrl = await postgres.createDatabase(`replicas_${++databases}`);
  cluster = new Cluster({ databaseUrl, slack, discord, socketMode: connections, env });
  return cluster.start(names);
}

const isHeader = (m: StoredMessage) => m.channel === 'C_INC' && !m.thread_ts;
const headers = () => slack.messages.filter(isHeader);
const threadOf = (header: StoredMessage) => slack.messages.filter((m) => m.thread_ts === header.ts);
const says = (m: StoredMessage, text: string) => JSON.stringify([m.text, m.blocks]).includes(text);

async function drained(what: string): Promise<void> {
  await until(async () => ((await cluster!.outboxDrained()) ? true : undefined), 30_000, what);
}

/** The first incident's header in Slack, once the replica that posted it has also stored where its thread is. */
async function firstHeader(): Promise<StoredMessage> {
  const header = await until(() => headers()[0], 30_000, 'the incident header in Slack');
  await until(async () => ((await cluster!.sql("select 1 from chat_threads where surface = 'slack' and thread_id = $1", [header.ts])).length > 0 ? true : undefined), 20_000, 'the thread to be known');
  return header;
}

/** Each test starts its own processes: a bound for a loaded machine, not the time a test takes. */
const TEST_MS = 90_000;

describe('replicas on one Postgres', () => {
  it('turn the same Alertmanager webhook, delivered to every replica at once, into one incident and one thread', async () => {
    const replicas = await startCluster(['r1', 'r2', 'r3']);

    const answers = await Promise.all(
      replicas.map(async (r) => {
        const res = await fetch(`${r.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ALERTMANAGER });
        return { status: res.status, body: (await res.json()) as { incidents: string[] } };
      }),
    );

    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.map((a) => a.body.incidents)).toEqual([['INC-1'], ['INC-1'], ['INC-1']]);
    await firstHeader();
    // The thread's header is one outbox row per surface, and that row is delivered: nothing can post another.
    const rows = await until(async () => {
      const found = await cluster!.sql<{ delivered_at: string | null }>("select delivered_at from outbox where surface = 'slack' and msg_key = 'header' and op = 'post'");
      return found.every((r) => r.delivered_at !== null) ? found : undefined;
    }, 20_000, 'the header row to be delivered');
    expect(rows).toHaveLength(1);
    expect(headers()).toHaveLength(1);
    await until(() => (slack.messages.some((m) => m.channel === 'C_STATUS') ? true : undefined), 20_000, 'the declaration in #status');
    const listed = (await (await fetch(`${replicas[2]!.url}/api/incidents`)).json()) as { incidents: { id: string }[] };
    expect(listed.incidents.map((i) => i.id)).toEqual(['INC-1']);
    expect((await replicas[1]!.api.roots()).filter((m) => m.incidentId === 'INC-1')).toHaveLength(1);
    expect(slack.messages.filter((m) => m.channel === 'C_STATUS')).toHaveLength(1);
  }, TEST_MS);

  it('process a Slack event once when its retries land on other replicas', async () => {
    const [r1, r2, r3] = await startCluster(['r1', 'r2', 'r3']);
    await r3!.api.declare('Checkout 502s', 'SEV2');
    const header = await firstHeader();
    const event = JSON.parse(APP_MENTION) as Record<string, any>;
    event.event = { ...event.event, user: 'UALICE', channel: 'C_INC', thread_ts: header.ts, text: '<@UBOT> note rolled back the deploy' };
    const body = JSON.stringify(event);

    const statuses = await Promise.all([
      postSlackEvent(r1!, body),
      postSlackEvent(r2!, body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }),
      postSlackEvent(r3!, body, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' }),
    ]);

    expect(statuses).toEqual([200, 200, 200]);
    const notes = await until(async () => {
      const found = (await r3!.api.incident('INC-1')).timeline.filter((e) => e.kind === 'note');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the note');
    await until(() => (slack.callsOf('chat.postEphemeral').length > 0 ? true : undefined), 20_000, 'the answer to the mention');
    await drained('the outbox to drain');
    expect(notes.map((n) => n.text)).toEqual(['rolled back the deploy']);
    expect((await r1!.api.incident('INC-1')).timeline.filter((e) => e.kind === 'note')).toHaveLength(1);
    expect(slack.callsOf('chat.postEphemeral').map((c) => c.args.text)).toEqual(['Note added to the timeline.']);
    const [inbox] = await cluster!.sql<{ n: string }>("select count(*) as n from inbox where surface = 'slack'");
    expect(Number(inbox!.n)).toBe(1);
  }, TEST_MS);

  it('fire a due reminder and escalations exactly once across replicas', async () => {
    const [r1, r2, r3] = await startCluster(['r1', 'r2', 'r3'], { FIREBREAK_POLL_MS: '600000' });
    await r1!.api.declare('Payments API latency', 'SEV1');
    const header = await firstHeader();
    await drained('the first messages to be delivered');

    // Every timer of INC-1 is due now; a commit elsewhere wakes all three replicas at once.
    const moved = await cluster!.sql("update timers set due_at = $1 where incident_id = 'INC-1' and kind in ('status_reminder', 'ack_escalation', 'open_escalation') returning kind", [Date.now() - 60_000]);
    expect(moved).toHaveLength(3);
    await r2!.api.declare('Search index stale', 'SEV4');

    const fired = await until(async () => {
      const kinds = (await r1!.api.incident('INC-1')).timeline.map((e) => e.kind);
      return kinds.filter((k) => k === 'reminder_sent').length >= 1 && kinds.filter((k) => k === 'escalated').length >= 2 ? kinds : undefined;
    }, 30_000, 'the reminder and both escalations');
    // More wake-ups on every replica: nothing fires a second time.
    await r2!.api.declare('Login slow', 'SEV4');
    await r3!.api.declare('Billing export late', 'SEV4');
    await drained('the outbox to drain');
    await pause(1_000);
    await drained('the outbox to drain again');

    const kinds = (await r2!.api.incident('INC-1')).timeline.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'reminder_sent')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'escalated')).toHaveLength(2);
    expect(fired.filter((k) => k === 'reminder_sent')).toHaveLength(1);
    const thread = threadOf(header);
    expect(thread.filter((m) => says(m, 'no status update for'))).toHaveLength(1);
    expect(thread.filter((m) => says(m, 'was not acknowledged'))).toHaveLength(1);
    expect(thread.filter((m) => says(m, 'has been open'))).toHaveLength(1);
    const [timers] = await cluster!.sql<{ due: string }>("select min(due_at) as due from timers where incident_id = 'INC-1' and kind = 'status_reminder'");
    expect(Number(timers!.due)).toBeGreaterThan(Date.now());
  }, TEST_MS);

  it('wake each other: work queued by one replica is delivered by another long before its poll interval', async () => {
    // The delivering replica sleeps ten minutes between polls; only a wake-up from the other can bring it sooner.
    const [worker] = await startCluster(['r2'], { FIREBREAK_POLL_MS: '600000' });
    // The queuing replica runs no background loops at all: it stores and commits, nothing more.
    const config = loadConfig({ ...cluster!.envOf('r1'), PORT: '0', FIREBREAK_RUNBOOKS_DIR: RUNBOOKS_DIR });
    const queuing = await createApp(config, { logger: pino({ level: 'silent' }), autoSchedule: false });
    try {
      await pause(2_000); // the worker's start-up pass is over; it sleeps now
      const declared = await queuing.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'Queue backlog growing', severity: 'SEV3' }, remoteAddress: '127.0.0.1' });
      expect(declared.statusCode).toBe(201);

      const header = await until(() => headers()[0], 10_000, 'the header, delivered by the other replica');
      expect(says(header, 'Queue backlog growing')).toBe(true);
      expect(new Set(slack.callsOf('chat.postMessage').map((c) => c.replica))).toEqual(new Set(['r2']));
      const roots = await worker!.api.roots();
      expect(roots.filter((m) => m.incidentId === 'INC-1')).toHaveLength(1);
    } finally {
      await queuing.stop();
    }
  }, TEST_MS);

  it('drain the outbox on whichever replica is alive, in order per thread, posting nothing twice', async () => {
    const [r1, r2] = await startCluster(['r1', 'r2'], { FIREBREAK_CLAIM_MS: '4000' });
    await r1!.api.declare('Checkout 502s', 'SEV2');
    const header = await firstHeader();
    for (let n = 1; n <= 4; n++) await (n % 2 ? r1 : r2)!.api.command(`update step-${n} done`, 'INC-1');

    await r1!.kill();
    for (let n = 5; n <= 7; n++) await r2!.api.command(`update step-${n} done`, 'INC-1');

    await until(() => (threadOf(header).some((m) => says(m, 'step-7 done')) ? true : undefined), 30_000, 'the last update in the thread');
    await drained('the outbox to drain');
    const steps = (messages: StoredMessage[]) => messages.flatMap((m) => /step-(\d+) done/.exec(JSON.stringify([m.text, m.blocks]))?.[1] ?? []);
    expect(steps(threadOf(header))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(steps(slack.messages.filter((m) => m.channel === 'C_STATUS'))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(headers()).toHaveLength(1);
  }, TEST_MS);

  it('finish the work of a replica killed while holding it, once its claim ends', async () => {
    const [r1] = await startCluster(['r1', 'r2'], { FIREBREAK_CLAIM_MS: '4000', FIREBREAK_POLL_MS: '2000' });
    // The first header post never gets an answer: whichever replica claimed it holds it, stuck.
    let holder: string | undefined;
    slack.hooks.push((call) => {
      if (holder || call.method !== 'chat.postMessage' || call.args.channel !== 'C_INC' || call.args.thread_ts) return undefined;
      holder = call.replica;
      return { hang: true };
    });
    await r1!.api.declare('Disk full on db-2', 'SEV2');
    const stuck = await until(() => holder, 20_000, 'a replica to claim the header');
    const [survivor] = cluster!.replicas.filter((r) => r.name !== stuck);

    await cluster!.replicas.find((r) => r.name === stuck)!.kill();

    const header = await until(() => headers()[0], 30_000, 'the header, posted by the surviving replica');
    await drained('the outbox to drain');
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C_INC' && !c.args.thread_ts).map((c) => c.replica)).toEqual([stuck, survivor!.name]);
    expect(headers()).toEqual([header]);
    expect(says(header, 'Disk full on db-2')).toBe(true);
  }, TEST_MS);
});

const LEASE_MS = 3_000;

/** The one replica that says it leads, once exactly one does and its connections are up. */
async function soleLeader(among: Replica[], seen: { sockets: number; sessions: number }): Promise<Replica> {
  return until(async () => {
    seen.sockets = Math.max(seen.sockets, slack.openSockets);
    seen.sessions = Math.max(seen.sessions, discord!.openSessions);
    const states = await Promise.all(among.map(async (r) => ({ r, ready: await readiness(r) })));
    const leaders = states.filter((s) => s.ready.leader === true);
    const settled = leaders.length === 1 && states.every((s) => s.ready.status === 200) && slack.openSockets === 1 && discord!.openSessions === 1;
    return settled ? leaders[0]!.r : undefined;
  }, 30_000, 'exactly one leader with one socket and one gateway session');
}

describe('replicas and the long-lived chat connections', () => {
  it('connect Socket Mode and the gateway on one replica only, and on another within 30 s of its death', async () => {
    const replicas = await startCluster(['r1', 'r2', 'r3'], { FIREBREAK_LEASE_MS: String(LEASE_MS) }, true);
    const seen = { sockets: 0, sessions: 0 };

    const leader = await soleLeader(replicas, seen);
    const followers = replicas.filter((r) => r !== leader);
    for (const f of followers) expect(await readiness(f)).toMatchObject({ status: 200, leader: false });
    const leaderGauge = async (r: Replica) => /^firebreak_leader (\d)$/m.exec(await (await fetch(`${r.url}/metrics`)).text())?.[1];
    expect(await Promise.all(replicas.map(leaderGauge))).toEqual(replicas.map((r) => (r === leader ? '1' : '0')));
    // Followers serve HTTP: an alert posted to one of them opens the incident.
    const posted = await fetch(`${followers[0]!.url}/webhooks/generic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Checkout error rate above 5%' }) });
    expect(posted.status).toBe(202);
    const identifiesBefore = discord!.identifies.length;

    await leader.kill();

    const next = await soleLeader(followers, seen);
    expect(followers).toContain(next);
    expect(seen).toEqual({ sockets: 1, sessions: 1 });
    expect(discord!.identifies.length).toBe(identifiesBefore + 1);
    const [lease] = await cluster!.sql<{ token: string }>("select token from leases where name = 'chat-connections'");
    expect(Number(lease!.token)).toBe(2);

    // A clean stop hands over at once: the lease is released after the sockets close.
    await next.process.stop('SIGTERM');
    const last = await soleLeader(followers.filter((r) => r !== next), seen);
    expect(seen).toEqual({ sockets: 1, sessions: 1 });
    const [released] = await cluster!.sql<{ token: string }>("select token from leases where name = 'chat-connections'");
    expect(Number(released!.token)).toBe(3);
    expect(last).not.toBe(next);
  }, TEST_MS);
});
