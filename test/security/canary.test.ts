/**
 * Canary values in every secret variable; a scenario with failures everywhere and trace logging;
 * none of the canaries may show up in logs, the database file, /metrics, API answers or chat.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/chat/slack/verify-signature.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';
import { hmacHex, post } from '../http/helpers.js';
import { chatEnv, closedPort, closeSlack } from './env.js';

const CANARY = {
  FIREBREAK_WEBHOOK_TOKEN: 'canary-webhook-token-7f1e',
  FIREBREAK_CONSOLE_TOKEN: 'canary-console-token-8a2c',
  SLACK_BOT_TOKEN: 'xoxb-canary-slack-bot-3d9b',
  SLACK_SIGNING_SECRET: 'canary-slack-signing-5e4a',
  DISCORD_BOT_TOKEN: 'canary-discord-bot-6c0f',
  PAGERDUTY_API_TOKEN: 'canary-pd-api-token-1b7d',
  PAGERDUTY_ROUTING_KEY: 'canary-pd-routing-key-9e3a',
  PAGERDUTY_WEBHOOK_SECRETS: 'canary-pd-webhook-secret-2f8c',
  SENTRY_CLIENT_SECRET: 'canary-sentry-secret-4a6e',
  GRAFANA_WEBHOOK_SECRET: 'canary-grafana-secret-0d5b',
};

let app: TestApp;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('secrets stay secret', () => {
  it('finds no canary in logs, the database, /metrics, API answers or chat messages', async () => {
    const lines: string[] = [];
    const chats = await chatEnv({ slackBot: CANARY.SLACK_BOT_TOKEN, slackSigning: CANARY.SLACK_SIGNING_SECRET, discordBot: CANARY.DISCORD_BOT_TOKEN });
    const pd = `http://127.0.0.1:${await closedPort()}`;
    const dir = mkdtempSync(join(tmpdir(), 'firebreak-canary-'));
    app = await createTestApp({
      dir,
      env: { ...chats.env, ...CANARY, LOG_LEVEL: 'trace', PAGERDUTY_API_URL: pd, PAGERDUTY_EVENTS_URL: pd, PAGERDUTY_FROM_EMAIL: 'firebreak@example.com' },
      app: { logger: createLogger('trace', { write: (line: string) => void lines.push(line) }) },
    });
    let closed = false;
    const closeApp = async () => {
      if (!closed) await app.close();
      closed = true;
    };
    stop = async () => {
      await closeApp();
      await closeSlack(chats.slack);
      rmSync(dir, { recursive: true, force: true });
    };
    const seen: string[] = [];
    const keep = (res: { body: string; headers: Record<string, unknown> }) => {
      seen.push(res.body, JSON.stringify(res.headers));
      return res;
    };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    // alerts in, refused deliveries kept as dead letters, secrets inside the bodies and headers
    keep(await post(app, 'generic', { title: 'Checkout down', severity: 'SEV1' }, bearer(CANARY.FIREBREAK_WEBHOOK_TOKEN)));
    keep(await post(app, 'generic', { title: '', token: CANARY.FIREBREAK_WEBHOOK_TOKEN, note: CANARY.PAGERDUTY_ROUTING_KEY }, bearer(CANARY.FIREBREAK_WEBHOOK_TOKEN)));
    keep(await post(app, 'generic', { title: 'x' }, bearer(`${CANARY.FIREBREAK_WEBHOOK_TOKEN}x`)));
    keep(await post(app, 'statuscake', `Token=${CANARY.FIREBREAK_WEBHOOK_TOKEN}&Status=Exploded`, { 'content-type': 'application/x-www-form-urlencoded' }));
    keep(await post(app, 'sentry', '{"action":"created","data":{}}', { 'sentry-hook-signature': hmacHex(CANARY.SENTRY_CLIENT_SECRET, 'other') }));
    const grafana = '{"bad":true}';
    const ts = String(Math.floor(app.clock.now() / 1000));
    keep(await post(app, 'grafana', grafana, { 'x-grafana-alerting-timestamp': ts, 'x-grafana-alerting-signature': hmacHex(CANARY.GRAFANA_WEBHOOK_SECRET, `${ts}:`, grafana) }));
    keep(await post(app, 'pagerduty', '{"event":{}}', { 'x-pagerduty-signature': `v1=${hmacHex(CANARY.PAGERDUTY_WEBHOOK_SECRETS, '{"event":{}}')}` }));
    const slackBody = JSON.stringify({ type: 'url_verification', challenge: 'c' });
    keep(await app.server.inject({ method: 'POST', url: '/slack/events', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signSlackRequest(CANARY.SLACK_SIGNING_SECRET, ts, slackBody) }, payload: slackBody }));
    keep(await app.server.inject({ method: 'POST', url: '/discord/interactions', headers: { 'content-type': 'application/json' }, payload: '{"type":1}' }));

    // the console: a wrong and a right login, the API with the token
    const remote = { remoteAddress: '203.0.113.9' };
    keep(await app.server.inject({ method: 'POST', url: '/login', ...remote, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${CANARY.FIREBREAK_CONSOLE_TOKEN}x` }));
    keep(await app.server.inject({ method: 'POST', url: '/login', ...remote, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${CANARY.FIREBREAK_CONSOLE_TOKEN}` }));
    const declared = keep(await app.server.inject({ method: 'POST', url: '/api/incidents', ...remote, headers: bearer(CANARY.FIREBREAK_CONSOLE_TOKEN), payload: { title: 'Payments slow', severity: 'SEV1' } }));
    const id = (JSON.parse(declared.body) as { id: string }).id;

    // chat and paging fail upstream (Discord and PagerDuty on a closed port): errors get logged
    await app.interactions.command('page', ctx('Alice', id));
    await app.scheduler.tick();
    await app.pageSender?.tick();
    app.clock.advance(20 * 60_000);
    await app.scheduler.tick();
    await app.pageSender?.tick();
    for (const url of ['/api/incidents', `/api/incidents/${id}`, `/api/incidents/${id}/postmortem.md`, '/api/dead-letters', '/metrics', '/readyz', '/console/api/messages?channel=incidents']) {
      keep(await app.server.inject({ url, ...remote, headers: bearer(CANARY.FIREBREAK_CONSOLE_TOKEN) }));
    }
    const chat = [...(await app.store.webMessages.list({ channel: 'incidents' })).map((m) => JSON.stringify(m)), ...chats.slack.messages.map((m) => JSON.stringify(m))];
    expect(chat.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('"level":"error"'))).toBe(true);
    await closeApp(); // the store is closed: the database file and its WAL are complete
    const database = readdirSync(dir).map((f) => readFileSync(join(app.dir, f)).toString('latin1')).join('\n');
    const where = { logs: lines.join('\n'), database, answers: seen.join('\n'), chat: chat.join('\n') };
    for (const [name, value] of Object.entries(CANARY)) {
      for (const [place, text] of Object.entries(where)) expect(text.includes(value), `${name} found in ${place}`).toBe(false);
    }
  }, 60_000);
});
