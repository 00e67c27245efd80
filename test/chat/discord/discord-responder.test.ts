/** Private answers: the interaction token while it is valid, a channel message mentioning the person after. */
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { ManualClock } from '../../../src/core/clock.js';
import { message } from '../../../src/core/message.js';
import type { StoredInboxEntry } from '../../../src/core/ports.js';
import { DiscordApi } from '../../../src/chat/discord/discord-api.js';
import { DiscordResponder, type DiscordReplyTo } from '../../../src/chat/discord/discord-responder.js';
import { InvalidRequestGuard } from '../../../src/chat/discord/invalid-request-guard.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/fake-discord.js';
import { ANN, APP_ID, INCIDENTS } from './discord-app.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function responder() {
  fake = await startFakeDiscord([INCIDENTS]);
  const clock = new ManualClock();
  const log = pino({ level: 'silent' });
  const api = new DiscordApi(new REST({ api: fake.url }).setToken('test-token'), new InvalidRequestGuard(clock, log, new Registry()));
  return { clock, responder: new DiscordResponder(api, clock, log) };
}

const entry = { id: 7, deliveryId: '1400000000000000999' } as StoredInboxEntry;

it('edits the deferred reply while the token is valid and answers in the channel once it expired', async () => {
  const { clock, responder: r } = await responder();
  const replyTo: DiscordReplyTo = { applicationId: APP_ID, token: 'tok', receivedAt: clock.now(), channelId: INCIDENTS, userId: ANN.id, mode: 'edit' };
  await r.respond(replyTo, { message: message('Severity set.') }, entry);
  expect(fake!.log()).toEqual([`PATCH /webhooks/${APP_ID}/tok/messages/@original`]);
  expect(fake!.calls[0]!.body).toMatchObject({ content: 'Severity set.', flags: 64 });

  clock.advance(16 * 60_000);
  await r.respond(replyTo, { message: message('Severity set.') }, entry);
  const late = fake!.calls.at(-1)!;
  expect(late.path).toBe(`/channels/${INCIDENTS}/messages`);
  expect(late.body).toMatchObject({ content: `<@${ANN.id}> Severity set.`, allowed_mentions: { parse: [], users: [ANN.id], roles: [] }, nonce: 'fbr-7', enforce_nonce: true });
});

it('falls back to the channel when Discord no longer knows the token', async () => {
  const { clock, responder: r } = await responder();
  fake!.failOnce((c) => c.path.startsWith('/webhooks/'), 404, { code: 10015, message: 'Unknown Webhook' });
  await r.respond({ applicationId: APP_ID, token: 'gone', receivedAt: clock.now(), channelId: INCIDENTS, userId: ANN.id, mode: 'followup' }, { message: message('Noted.') }, entry);
  expect(fake!.log()).toEqual([`POST /webhooks/${APP_ID}/gone`, `POST /channels/${INCIDENTS}/messages`]);
});

it('closes a deferred command reply that has nothing to say, and sends nothing for a click with nothing to say', async () => {
  const { clock, responder: r } = await responder();
  await r.respond({ applicationId: APP_ID, token: 'tok', receivedAt: clock.now(), channelId: INCIDENTS, userId: ANN.id, mode: 'edit' }, {}, entry);
  await r.respond({ applicationId: APP_ID, token: 'tok2', receivedAt: clock.now(), channelId: INCIDENTS, userId: ANN.id, mode: 'followup' }, {}, entry);
  expect(fake!.log()).toEqual([`PATCH /webhooks/${APP_ID}/tok/messages/@original`]);
  expect(fake!.calls[0]!.body).toMatchObject({ content: 'Done.', flags: 64 });
});
