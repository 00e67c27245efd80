/**
 * Several built Firebreak processes on one Postgres database, against one fake Slack (and, when
 * asked, one fake Discord). Each replica reaches the fakes on a base URL of its own (`/r1/api/…`),
 * so the fakes can tell which replica made a call. Every process is stopped by pid in `stop()`.
 */
import pg from 'pg';
import { signSlackRequest } from '../../src/chat/slack/verify-signature.js';
import { startFirebreak, type FirebreakProcess } from '../e2e/firebreak-process.js';
import { client } from '../e2e/http-client.js';
import type { FakeDiscord } from '../fakes/fake-discord.js';
import type { FakeSlack } from '../fakes/fake-slack.js';

export const SIGNING_SECRET = 'replica-signing-secret';
export const DISCORD = { appId: '1100000000000000002', guild: '1100000000000000003', incidents: '1100000000000000010', status: '1100000000000000011' };

export interface Replica {
  name: string;
  process: FirebreakProcess;
  url: string;
  api: ReturnType<typeof client>;
  /** Kills the process with SIGKILL: no shutdown, no lease released. */
  kill(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  slack: FakeSlack;
  discord?: FakeDiscord;
  /** Socket Mode instead of Slack over HTTP. */
  socketMode?: boolean;
  env?: Record<string, string>;
}

export class Cluster {
  readonly replicas: Replica[] = [];
  readonly #db: pg.Pool;

  constructor(private readonly options: ClusterOptions) {
    this.#db = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    // An idle connection of the test's own that the server drops (its shutdown at the end of the
    // file) is not a failure of the test; without a listener the pool would throw it uncaught.
    this.#db.on('error', () => undefined);
  }

  /** The environment replica `name` runs with. */
  envOf(name: string, extra: Record<string, string> = {}): Record<string, string> {
    const { slack, discord } = this.options;
    return {
      FIREBREAK_DATABASE_URL: this.options.databaseUrl,
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_API_URL: `${slack.url}/${name}/api/`,
      SLACK_INCIDENT_CHANNEL: 'C_INC',
      SLACK_STATUS_CHANNEL: 'C_STATUS',
      ...(this.options.socketMode ? { SLACK_APP_TOKEN: 'xapp-replicas' } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
      ...(discord
        ? {
            DISCORD_BOT_TOKEN: 'discord-replicas',
            DISCORD_APPLICATION_ID: DISCORD.appId,
            DISCORD_API_URL: discord.url.replace(/\/api$/, `/${name}/api`),
            DISCORD_GUILD_ID: DISCORD.guild,
            DISCORD_INCIDENT_CHANNEL: DISCORD.incidents,
            DISCORD_STATUS_CHANNEL: DISCORD.status,
          }
        : {}),
      ...this.options.env,
      ...extra,
    };
  }

  /** Starts the replicas: the first alone (it migrates the database), the others together. */
  async start(names: string[], env: Record<string, string> = {}): Promise<Replica[]> {
    const [first, ...rest] = names;
    const started = [await this.#startOne(first!, env)];
    started.push(...(await Promise.all(rest.map((name) => this.#startOne(name, env)))));
    return started;
  }

  async #startOne(name: string, env: Record<string, string>): Promise<Replica> {
    const fb = await startFirebreak(this.envOf(name, env), { readyTimeoutMs: 45_000 });
    const replica: Replica = {
      name,
      process: fb,
      url: fb.url,
      api: client(fb.url),
      async kill() {
        await fb.stop('SIGKILL');
      },
    };
    this.replicas.push(replica);
    return replica;
  }

  async sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.#db.query<T>(text, params)).rows;
  }

  /** True when no chat message waits to be delivered. */
  async outboxDrained(): Promise<boolean> {
    const [row] = await this.sql<{ n: string }>('select count(*) as n from outbox where delivered_at is null');
    return Number(row!.n) === 0;
  }

  /** Kills every replica still running (by pid), and closes the test's own connections. */
  async stop(): Promise<void> {
    try {
      await Promise.all(this.replicas.map((r) => (r.process.child.exitCode === null && r.process.child.signalCode === null ? r.process.stop('SIGKILL') : undefined)));
    } finally {
      await this.#db.end();
    }
  }
}

/** `POST /slack/events` with Slack's signature, as Slack sends a delivery (and its retries). */
export async function postSlackEvent(replica: Replica, body: string, headers: Record<string, string> = {}): Promise<number> {
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${replica.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, body), ...headers },
    body,
  });
  await res.text();
  return res.status;
}

/** `GET /readyz` of a replica: its status and body. */
export async function readiness(replica: Replica): Promise<{ status: number; leader?: boolean; body: Record<string, unknown> }> {
  const res = await fetch(`${replica.url}/readyz`);
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, leader: body.leader as boolean | undefined, body };
}

/** Polls a probe every 100 ms until it answers something other than undefined (the e2e helper). */
export { eventually as until } from '../e2e/http-client.js';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
