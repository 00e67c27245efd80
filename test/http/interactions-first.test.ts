/**
 * Interactions first: while a person waits for a click's, a command's or a form's answer, alert
 * deliveries not yet begun wait (at most the hold), and the interaction's units of work go ahead
 * of the others in the group commit.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { holdForInteractiveRoutes, InteractionsFirst } from '../../src/http/interactions-first.js';
import { WebhookTurns } from '../../src/http/webhook-turns.js';
import { isAhead } from '../../src/store/units-ahead.js';
import { startDiscordApp } from '../chat/discord/discord-app.js';
import { click, startSlack } from '../chat/slack/slack-harness.js';
import { eventually } from '../e2e/http-client.js';
import { createTestApp, ctx, FIXTURES } from '../fakes/test-app.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Counts the interactions that held the intake. */
class WatchedFirst extends InteractionsFirst {
  begun = 0;
  override begin(): () => void {
    this.begun++;
    return super.begin();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('interactions first', () => {
  it('holds alert deliveries not yet begun until the interaction is answered, then lets them go on in order', async () => {
    const first = new InteractionsFirst();
    const turns = new WebhookTurns(2, first);
    const handled: number[] = [];
    const arrive = (n: number) => {
      const wait = turns.take();
      if (wait) void wait.then(() => handled.push(n));
      else handled.push(n);
    };
    arrive(1);
    const end = first.begin();
    arrive(2);
    arrive(3);
    arrive(4);
    await turn();
    await turn();
    expect(handled).toEqual([1]);
    expect(turns.waiting).toBe(3);

    end();
    await turn();
    expect(handled).toEqual([1, 2, 3]);
    await turn();
    expect(handled).toEqual([1, 2, 3, 4]);
    end(); // a second end changes nothing
    expect(first.holding).toBe(false);
  });

  it('holds for one interaction at most its hold time, so a slow one never stalls a storm', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const first = new InteractionsFirst(100);
    first.begin(); // never answered
    const cleared = vi.fn();
    void first.whenClear()!.then(cleared);
    await vi.advanceTimersByTimeAsync(99);
    expect(cleared).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(cleared).toHaveBeenCalledOnce();
    expect(first.holding).toBe(false);
    expect(first.whenClear()).toBeUndefined();
  });

  it('holds while an interactive route is answered, and runs its handler ahead; other routes neither', async () => {
    const first = new InteractionsFirst();
    const server = Fastify();
    holdForInteractiveRoutes(server, first);
    const seen: Record<string, { holding: boolean; ahead: boolean }> = {};
    server.post('/click', { config: { interactive: true } }, async () => {
      await turn();
      seen.click = { holding: first.holding, ahead: isAhead() };
      return { ok: true };
    });
    server.post('/alert', async () => {
      seen.alert = { holding: first.holding, ahead: isAhead() };
      return { ok: true };
    });
    await server.ready();

    expect((await server.inject({ method: 'POST', url: '/click', payload: {} })).statusCode).toBe(200);
    expect(first.holding).toBe(false);
    expect((await server.inject({ method: 'POST', url: '/alert', payload: {} })).statusCode).toBe(200);
    expect(seen).toEqual({ click: { holding: true, ahead: true }, alert: { holding: false, ahead: false } });
    await server.close();
  });

  it('counts the console’s, Slack’s (over HTTP and Socket Mode) and Discord’s interactions, and alert webhooks not', async () => {
    const first = new WatchedFirst();
    const app = await createTestApp({ app: { interactionsFirst: first } });
    try {
      const { id } = await app.service.declare({ title: 'Checkout errors', severity: 'SEV3', declaredBy: ctx('Ann').actor, source: 'test' });
      const consoleClick = await app.server.inject({
        method: 'POST',
        url: '/console/api/action',
        headers: { cookie: 'fb_name=Ann' },
        payload: { actionId: ACTION.setSeverity, value: `${id}|SEV2`, incidentId: id },
      });
      expect(consoleClick.statusCode).toBe(200);
      expect(first.begun).toBe(1);
      const alert = await app.server.inject({ method: 'POST', url: '/webhooks/alertmanager', payload: readFileSync(`${FIXTURES}alertmanager/captured-firing.json`, 'utf8'), headers: { 'content-type': 'application/json' } });
      expect(alert.statusCode).toBe(202);
      expect(first.begun).toBe(1);
    } finally {
      await app.close();
    }

    const slackFirst = new WatchedFirst();
    const h = await startSlack({ app: { interactionsFirst: slackFirst } });
    try {
      const { id } = await h.app.service.declare({ title: 'Checkout errors', severity: 'SEV3', declaredBy: ctx('Ann').actor, source: 'test' });
      expect((await click(h, '1700000000.000100', `${ACTION.setSeverity}#0`, `${id}|SEV2`, { select: true })).statusCode).toBe(200);
      expect(slackFirst.begun).toBe(1);
    } finally {
      await h.close();
    }

    const socketFirst = new WatchedFirst();
    const s = await startSlack({ env: { SLACK_APP_TOKEN: 'xapp-test', SLACK_SIGNING_SECRET: '' }, app: { interactionsFirst: socketFirst } });
    try {
      await s.fake.startSocket();
      await s.app.listen();
      await eventually(() => (s.fake.sockets.length === 1 ? true : undefined), 5_000, 'the socket');
      const event = { type: 'app_mention', user: 'UALICE', channel: 'C_INC', ts: '1767603700.000100', text: '<@UBOT> help' };
      const payload = { type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: 'EvSocketFirst', event_time: 1, event };
      s.fake.sockets[0]!.send(JSON.stringify({ envelope_id: 'env-first', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload }));
      await eventually(() => (s.fake.socketMessages.some((m: any) => m.envelope_id === 'env-first') ? true : undefined), 5_000, 'the ack');
      expect(socketFirst.begun).toBe(1);
    } finally {
      await s.close();
    }

    const vectors = JSON.parse(readFileSync(`${FIXTURES}discord/signature-test-vectors.json`, 'utf8')) as {
      public_key_hex: string;
      vectors: { body_file: string; x_signature_timestamp: string; x_signature_ed25519: string }[];
    };
    const ping = vectors.vectors[0]!;
    const discordFirst = new WatchedFirst();
    const d = await startDiscordApp({ env: { DISCORD_PUBLIC_KEY: vectors.public_key_hex }, listen: false, app: { interactionsFirst: discordFirst } });
    try {
      const res = await d.app.server.inject({
        method: 'POST',
        url: '/discord/interactions',
        headers: { 'content-type': 'application/json', 'x-signature-timestamp': ping.x_signature_timestamp, 'x-signature-ed25519': ping.x_signature_ed25519 },
        payload: readFileSync(`${FIXTURES}discord/${ping.body_file}`),
      });
      expect(res.statusCode).toBe(200);
      expect(discordFirst.begun).toBe(1);
    } finally {
      await d.close();
    }
  });
});
