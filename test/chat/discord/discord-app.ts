/** The whole app with Discord configured against a fake Discord; builders for gateway interactions. */
import type { AppOptions } from '../../../src/app.js';
import { createTestApp, type TestApp } from '../../fakes/test-app.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/fake-discord.js';

export const APP_ID = '1100000000000000002';
export const GUILD = '1100000000000000003';
export const INCIDENTS = '1100000000000000010';
export const STATUS = '1100000000000000011';
export const ANN = { id: '1100000000000000100', username: 'ann', global_name: 'Ann' };
export const BOB = { id: '1100000000000000101', username: 'bob', global_name: 'Bob' };

export interface DiscordTestApp {
  app: TestApp;
  fake: FakeDiscord;
  close(): Promise<void>;
}

export async function startDiscordApp(options: { env?: Record<string, string>; policy?: string; listen?: boolean; start?: string; app?: AppOptions } = {}): Promise<DiscordTestApp> {
  const fake = await startFakeDiscord([INCIDENTS, STATUS]);
  const app = await createTestApp({
    env: {
      DISCORD_BOT_TOKEN: 'test-token',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.url,
      DISCORD_INCIDENT_CHANNEL: INCIDENTS,
      DISCORD_STATUS_CHANNEL: STATUS,
      DISCORD_GUILD_ID: GUILD,
      ...options.env,
    },
    policy: options.policy,
    ...(options.start ? { start: options.start } : {}),
    ...(options.app ? { app: options.app } : {}),
  });
  if (options.listen !== false) await app.listen();
  return {
    app,
    fake,
    async close() {
      await app.close();
      await fake.close();
    },
  };
}

let nextId = 1400000000000000000n;

function base(type: number, channelId: string, user: typeof ANN) {
  return {
    id: String(nextId++),
    application_id: APP_ID,
    type,
    token: `token-${nextId}`,
    version: 1,
    guild_id: GUILD,
    channel_id: channelId,
    app_permissions: '442368',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD },
    context: 0,
    attachment_size_limit: 10485760,
    member: { user: { ...user, discriminator: '0', avatar: null }, roles: [], nick: null, joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, pending: false, permissions: '2147483647', flags: 0 },
  };
}

/** `/incident <sub> …` as an APPLICATION_COMMAND. */
export function slash(channelId: string, sub: string, options: { name: string; type: number; value: unknown }[] = [], user = ANN, resolved?: unknown) {
  return {
    ...base(2, channelId, user),
    data: { id: '1200000000000000000', name: 'incident', type: 1, options: [{ type: 1, name: sub, options }], ...(resolved ? { resolved } : {}) },
  };
}

/** A click on a component of message `message` (as fetched from the fake). */
export function click(message: { id: string; channel_id: string; content: string; components: any[] }, customId: string, user = ANN, values?: string[]) {
  return {
    ...base(3, message.channel_id, user),
    message: { id: message.id, channel_id: message.channel_id, content: message.content, components: message.components, type: 0, author: { id: '1100000000000000001', username: 'Firebreak', bot: true, discriminator: '0', avatar: null }, embeds: [], attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, timestamp: '2024-01-01T00:00:00.000000+00:00', edited_timestamp: null, flags: 0 },
    data: { custom_id: customId, component_type: values ? 3 : 2, ...(values ? { values } : {}) },
  };
}

/** A MODAL_SUBMIT with label components. */
export function submit(channelId: string, customId: string, values: Record<string, string>, user = ANN) {
  return {
    ...base(5, channelId, user),
    data: { custom_id: customId, components: Object.entries(values).map(([id, value], i) => ({ type: 18, id: i + 1, component: { type: 4, id: i + 10, custom_id: id, value } })) },
  };
}

/** Waits until `check` holds, polling (the gateway and discord.js run on real timers). */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Delivers the outbox, moving the manual clock past the per-channel pacing between passes. */
export async function deliver(app: TestApp, passes = 4): Promise<void> {
  for (let i = 0; i < passes; i++) {
    await app.scheduler.tick();
    app.clock.advance(1_100);
  }
}

export async function postAlert(app: TestApp, alert: Record<string, unknown>): Promise<string> {
  const res = await app.server.inject({ method: 'POST', url: '/webhooks/generic', remoteAddress: '127.0.0.1', payload: alert });
  if (res.statusCode !== 202) throw new Error(`alert refused: ${res.statusCode} ${res.body}`);
  return (res.json() as { incidents: string[] }).incidents[0]!;
}

/** Whether the inbox finished an interaction (stored, run, answered). */
export async function isDone(app: TestApp, deliveryId: string): Promise<boolean> {
  const row = await app.store.db.selectFrom('inbox').select('completed_at').where('delivery_id', '=', deliveryId).executeTakeFirst();
  return row?.completed_at !== null && row?.completed_at !== undefined;
}

/** Dispatches an interaction through the gateway; resolves with its first answer once it has run. */
export async function interact(t: DiscordTestApp, interaction: { id: string }): Promise<any> {
  t.fake.dispatch('INTERACTION_CREATE', interaction);
  const answer = await until(() => t.fake.callbacks.get(interaction.id), `the answer to interaction ${interaction.id}`);
  if (answer.type !== 9) await until(() => isDone(t.app, interaction.id), `interaction ${interaction.id} to run`);
  return answer;
}

/** The message in `channel` whose components carry a custom id starting with `prefix`. */
export function withComponent(fake: FakeDiscord, channel: string, prefix: string): { message: any; customId: string } | undefined {
  for (const message of [...fake.messagesIn(channel)].reverse()) {
    for (const row of message.components) {
      for (const c of row.components) if (typeof c.custom_id === 'string' && c.custom_id.startsWith(prefix)) return { message, customId: c.custom_id };
    }
  }
  return undefined;
}
