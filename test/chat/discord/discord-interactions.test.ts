/**
 * Interactions over HTTP (`POST /discord/interactions`, Ed25519-signed with the test key of the
 * shared fixtures) and the other ways in: autocomplete, the message command, a 📌 reaction.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { FIXTURES } from '../../fakes/test-app.js';
import { ANN, APP_ID, BOB, GUILD, deliver, isDone, postAlert, slash, startDiscordApp, until, type DiscordTestApp } from './discord-app.js';

const vectors = JSON.parse(readFileSync(`${FIXTURES}discord/signature-test-vectors.json`, 'utf8')) as {
  public_key_hex: string;
  private_seed_hex_TEST_ONLY: string;
  vectors: { body_file: string; x_signature_timestamp: string; x_signature_ed25519: string }[];
};
const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(vectors.private_seed_hex_TEST_ONLY, 'hex')]), format: 'der', type: 'pkcs8' });
const fixture = (name: string) => readFileSync(`${FIXTURES}discord/${name}`);

let t: DiscordTestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function post(body: Buffer | string, timestamp: string, signature: string) {
  return t!.app.server.inject({
    method: 'POST',
    url: '/discord/interactions',
    headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature-ed25519': signature },
    payload: body,
  });
}

function signed(body: unknown) {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  return post(raw, timestamp, sign(null, Buffer.from(timestamp + raw), privateKey).toString('hex'));
}

it('verifies signatures over timestamp + raw body: PING → PONG, a bad signature → 401', async () => {
  t = await startDiscordApp({ env: { DISCORD_PUBLIC_KEY: vectors.public_key_hex }, listen: false });
  const [ping, command, button] = vectors.vectors;
  const pong = await post(fixture(ping!.body_file), ping!.x_signature_timestamp, ping!.x_signature_ed25519);
  expect(pong.statusCode).toBe(200);
  expect(pong.headers['content-type']).toContain('application/json');
  expect(pong.json()).toEqual(JSON.parse(fixture('response.type1.pong.json').toString()));

  const flipped = ping!.x_signature_ed25519.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  expect((await post(fixture(ping!.body_file), ping!.x_signature_timestamp, flipped)).statusCode).toBe(401);
  expect((await post(fixture(ping!.body_file), '1700000099', ping!.x_signature_ed25519)).statusCode).toBe(401);
  expect((await post(fixture(ping!.body_file), ping!.x_signature_timestamp, '')).statusCode).toBe(401);
  expect((await post(Buffer.concat([fixture(ping!.body_file), Buffer.from(' ')]), ping!.x_signature_timestamp, ping!.x_signature_ed25519)).statusCode).toBe(401);

  // Another application's command (the fixture's `cardsearch`) is refused privately; a fixture click is deferred.
  const other = await post(fixture(command!.body_file), command!.x_signature_timestamp, command!.x_signature_ed25519);
  expect(other.json()).toMatchObject({ type: 4, data: { flags: 64 } });
  const click = await post(fixture(button!.body_file), button!.x_signature_timestamp, button!.x_signature_ed25519);
  expect(click.json()).toEqual({ type: 6 });
  // Intake keeps its own JSON parser next to the raw-body scope.
  expect((await t.app.server.inject({ method: 'POST', url: '/webhooks/generic', remoteAddress: '127.0.0.1', payload: { title: 'still parsed' } })).statusCode).toBe(202);
});

it('answers an HTTP command with a deferral, runs it once, and follows up with the token', async () => {
  t = await startDiscordApp({ env: { DISCORD_PUBLIC_KEY: vectors.public_key_hex }, listen: false });
  const { app, fake } = t;
  const declare = await signed(slash('1100000000000000999', 'declare', [{ name: 'title', type: 3, value: 'Checkout down' }]));
  expect(declare.json()).toMatchObject({ type: 9, data: { custom_id: 'fb.modal.declare|', title: 'Declare an incident' } });

  const help = slash('1100000000000000999', 'help');
  expect((await signed(help)).json()).toEqual({ type: 5, data: { flags: 64 } });
  await until(() => isDone(app, help.id), 'the help command to run');
  expect((await signed(help)).json()).toEqual({ type: 5, data: { flags: 64 } }); // a retried delivery is answered, not run again
  const replies = fake.calls.filter((c) => c.path === `/webhooks/${APP_ID}/${help.token}/messages/@original`);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.body.content).toContain('/incident declare');
});

it('autocompletes open incidents and runbooks; adds a message to the timeline by command and by 📌', async () => {
  t = await startDiscordApp();
  const { app, fake } = t;
  await postAlert(app, { title: 'Checkout error rate above 5%' });
  await deliver(app);
  const thread = [...fake.threads.values()][0]!.id;

  const typing = (name: string, value: string) => ({
    ...slash(thread, 'ack'),
    type: 4,
    data: { id: '1', name: 'incident', type: 1, options: [{ type: 1, name: name === 'incident' ? 'ack' : 'runbook', options: [{ type: 3, name, value, focused: true }] }] },
  });
  const incidents = typing('incident', 'check');
  fake.dispatch('INTERACTION_CREATE', incidents);
  expect(await until(() => fake.callbacks.get(incidents.id), 'autocomplete')).toEqual({ type: 8, data: { choices: [{ name: 'INC-1 · untriaged · Checkout error rate above 5%', value: 'INC-1' }] } });
  const runbooks = typing('name', 'redis');
  fake.dispatch('INTERACTION_CREATE', runbooks);
  const runbookChoices = (await until(() => fake.callbacks.get(runbooks.id), 'autocomplete')).data.choices as { name: string; value: string }[];
  expect(runbookChoices.map((c) => c.value)).toEqual(['redis-down']);
  expect(runbookChoices[0]!.name).toMatch(/^Cache \(Redis\) down.* \(redis-down\)$/);

  // The message command on a thread message.
  const said = { id: '1500000000000000001', channel_id: thread, content: 'p99 went to 4 s right after deploy 142', author: BOB, timestamp: '2026-01-05T09:01:00.000000+00:00', embeds: [], attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, type: 0, flags: 0, edited_timestamp: null, components: [] };
  const command = { ...slash(thread, 'ack'), data: { id: '2', name: 'Add to incident timeline', type: 3, target_id: said.id, resolved: { messages: { [said.id]: said } } } };
  fake.dispatch('INTERACTION_CREATE', command);
  await until(() => isDone(app, command.id), 'the message command to run');

  // A 📌 on another thread message: fetched through REST, kept once however often it is pinned.
  const pinned = fake.messages.get(fake.messagesIn(thread)[0]!.id)!;
  const reaction = { user_id: ANN.id, channel_id: thread, message_id: pinned.id, guild_id: GUILD, emoji: { id: null, name: '📌' }, member: { user: ANN, roles: [], nick: null }, type: 0, burst: false };
  fake.dispatch('MESSAGE_REACTION_ADD', reaction);
  fake.dispatch('MESSAGE_REACTION_ADD', { ...reaction, user_id: BOB.id, member: { user: BOB, roles: [], nick: null } });
  fake.dispatch('MESSAGE_REACTION_ADD', { ...reaction, emoji: { id: null, name: '👍' } });
  await until(() => isDone(app, `pin:${pinned.id}`), 'the pin to be kept');
  await new Promise((r) => setTimeout(r, 100));
  const evidence = (await app.store.timeline('INC-1')).filter((e) => e.kind === 'evidence');
  expect(evidence.map((e) => e.text)).toEqual(['p99 went to 4 s right after deploy 142', pinned.content.trim()]);
  expect(evidence[0]!.data).toMatchObject({ author: { id: `discord:${BOB.id}`, name: 'Bob' }, link: `https://discord.com/channels/${GUILD}/${thread}/${said.id}` });
  expect(fake.log()).toContain(`GET /channels/${thread}/messages/${pinned.id}`);
});
