import type { AppOptions } from '../../../src/app.js';
/** A whole Firebreak with Slack on, against the fake Slack; signed requests built as Slack builds them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlackAdapter } from '../../../src/chat/slack/create-slack-adapter.js';
import { signSlackRequest } from '../../../src/chat/slack/verify-signature.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FIXTURES, createTestApp, type TestApp } from '../../fakes/test-app.js';

export const SECRET = 'test-signing-secret';
export const SLACK_FIXTURES = join(FIXTURES, 'slack');

export interface SlackHarness {
  app: TestApp;
  fake: FakeSlack;
  slack: SlackAdapter;
  close(): Promise<void>;
}

export async function startSlack(
  options: { env?: Record<string, string>; policy?: string; app?: AppOptions; beforeStart?: (fake: FakeSlack) => void } = {},
): Promise<SlackHarness> {
  const fake = await new FakeSlack().start();
  options.beforeStart?.(fake);
  const app = await createTestApp({
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${fake.url}/api/`,
      SLACK_INCIDENT_CHANNEL: 'C_INC',
      SLACK_STATUS_CHANNEL: 'C_STATUS',
      ...options.env,
    },
    policy: options.policy,
    ...(options.app ? { app: options.app } : {}),
  });
  fake.now = () => app.clock.now();
  const slack = app.adapters.find((a) => a.chat.surface === 'slack') as SlackAdapter;
  return {
    app,
    fake,
    slack,
    async close() {
      await app.close();
      await fake.close();
    },
  };
}

export function fixture(name: string): string {
  return readFileSync(join(SLACK_FIXTURES, name), 'utf8');
}

/** Headers Slack sends with a body signed at `atMs` (default: the app's clock). */
export function signedHeaders(body: string, atMs: number, contentType: string, secret = SECRET): Record<string, string> {
  const ts = String(Math.floor(atMs / 1000));
  return { 'content-type': contentType, 'x-slack-request-timestamp': ts, 'x-slack-signature': signSlackRequest(secret, ts, body) };
}

/** POSTs a signed body to /slack/events and waits until the bot has handled it. */
export async function send(h: SlackHarness, body: string, contentType: string, extra: Record<string, string> = {}) {
  const res = await h.app.server.inject({
    method: 'POST',
    url: '/slack/events',
    headers: { ...signedHeaders(body, h.app.clock.now(), contentType), ...extra },
    payload: body,
  });
  await h.slack.whenIdle();
  return res;
}

const FORM = 'application/x-www-form-urlencoded';

export function slashCommand(h: SlackHarness, text: string, opts: { user?: string; channel?: string; trigger?: string } = {}) {
  const form = new URLSearchParams({
    token: 'x',
    team_id: 'T1',
    channel_id: opts.channel ?? 'C_INC',
    channel_name: 'incidents',
    user_id: opts.user ?? 'UALICE',
    user_name: 'alice',
    command: '/incident',
    text,
    response_url: 'https://hooks.slack.invalid/commands/1',
    trigger_id: opts.trigger ?? `trig-${Math.random().toString(36).slice(2)}`,
  });
  return send(h, form.toString(), FORM);
}

let clicks = 0;

/** A click on a button (or choice in a select) of a message the bot posted. */
export function click(h: SlackHarness, messageTs: string, slackActionId: string, value: string, opts: { user?: string; select?: boolean } = {}) {
  const m = h.fake.messages.find((x) => x.ts === messageTs);
  clicks += 1;
  const action = opts.select
    ? { type: 'static_select', action_id: slackActionId, block_id: 'b', selected_option: { value }, action_ts: `${1700000000 + clicks}.1` }
    : { type: 'button', action_id: slackActionId, block_id: 'b', value, action_ts: `${1700000000 + clicks}.1` };
  const payload = {
    type: 'block_actions',
    user: { id: opts.user ?? 'UALICE', username: 'alice', name: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'x',
    container: { type: 'message', message_ts: messageTs, channel_id: m?.channel ?? 'C_INC', is_ephemeral: false, ...(m?.thread_ts ? { thread_ts: m.thread_ts } : {}) },
    trigger_id: `trig-click-${clicks}`,
    team: { id: 'T1', domain: 'fake' },
    channel: { id: m?.channel ?? 'C_INC', name: 'incidents' },
    message: { type: 'message', ts: messageTs, ...(m?.thread_ts ? { thread_ts: m.thread_ts } : {}), text: m?.text ?? '' },
    response_url: 'https://hooks.slack.invalid/actions/1',
    actions: [action],
  };
  return send(h, `payload=${encodeURIComponent(JSON.stringify(payload))}`, FORM);
}

/** Submits a form the bot opened with `views.open` (the n-th from the end), with values per input id. */
export function submitView(h: SlackHarness, values: Record<string, string>, opts: { user?: string; fromEnd?: number } = {}) {
  const opened = h.fake.callsOf('views.open');
  const view = opened[opened.length - 1 - (opts.fromEnd ?? 0)]!.args.view as Record<string, any>;
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as Record<string, any>[]) {
    const v = values[block.block_id];
    if (v === undefined) continue;
    state[block.block_id] = {
      [block.element.action_id]: block.element.type === 'static_select' ? { type: 'static_select', selected_option: { value: v } } : { type: 'plain_text_input', value: v },
    };
  }
  clicks += 1;
  const payload = {
    type: 'view_submission',
    team: { id: 'T1', domain: 'fake' },
    user: { id: opts.user ?? 'UALICE', username: 'alice', name: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trig-view-${clicks}`,
    view: { id: `V${clicks}`, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values: state }, hash: `${clicks}.h` },
  };
  return send(h, `payload=${encodeURIComponent(JSON.stringify(payload))}`, FORM);
}

/** Delivers the outbox: ticks, letting pacing (1 post/s per channel) and retries pass on the manual clock. */
export async function deliver(h: SlackHarness, maxRounds = 60): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    await h.app.scheduler.tick();
    const pending = await h.app.store.outbox.pendingOutbox(h.app.clock.now() + 10 * 60_000, 10);
    if (pending.length === 0) return;
    h.app.clock.advance(1100);
  }
  throw new Error('outbox did not drain');
}

export async function postAlert(h: SlackHarness, alert: Record<string, unknown>) {
  const res = await h.app.server.inject({ method: 'POST', url: '/webhooks/generic', remoteAddress: '127.0.0.1', headers: { 'content-type': 'application/json' }, payload: alert });
  if (res.statusCode !== 202) throw new Error(`alert refused: ${res.statusCode} ${res.body}`);
  return res.json() as { incidents: string[] };
}

/** The bot's messages in a channel (or thread), in the order Slack stored them. */
export function posted(h: SlackHarness, channel: string, threadTs?: string) {
  return h.fake.messages.filter((m) => m.channel === channel && (threadTs === undefined ? !m.thread_ts : m.thread_ts === threadTs));
}

/** The Slack action ids and values of a message's buttons and selects. */
export function actionsOf(message: { blocks?: unknown[] }): { actionId: string; value?: string; options?: string[] }[] {
  return ((message.blocks ?? []) as Record<string, any>[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Record<string, any>[])
    .map((e) => ({ actionId: e.action_id, value: e.value, options: e.options?.map((o: any) => o.value) }));
}

export const textOf = (m: { text: string; blocks?: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;
