/** `/slack/events` as Slack calls it: signatures, freshness, size, verification pings, retries, commands and clicks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../../src/chat/slack/verify-signature.js';
import {
  SLACK_FIXTURES,
  actionsOf,
  click,
  deliver,
  fixture,
  postAlert,
  posted,
  send,
  signedHeaders,
  slashCommand,
  startSlack,
  submitView,
  type SlackHarness,
} from './slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('signature vectors of the fixtures', () => {
  const vectors = JSON.parse(readFileSync(join(SLACK_FIXTURES, 'signature-test-vectors.json'), 'utf8')) as {
    signing_secret: string;
    vectors: { name: string; body_file: string; x_slack_request_timestamp: string; x_slack_signature: string }[];
  };
  for (const v of vectors.vectors) {
    it(`verifies ${v.name}, and refuses it altered or stale`, () => {
      const body = readFileSync(join(SLACK_FIXTURES, v.body_file));
      const at = Number(v.x_slack_request_timestamp) * 1000;
      const signed = { timestamp: v.x_slack_request_timestamp, signature: v.x_slack_signature, body };
      expect(verifySlackSignature(vectors.signing_secret, signed, at)).toEqual({ ok: true });
      expect(verifySlackSignature(vectors.signing_secret, signed, at + 300_000)).toEqual({ ok: true });
      expect(verifySlackSignature(vectors.signing_secret, { ...signed, body: Buffer.concat([body, Buffer.from(' ')]) }, at)).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySlackSignature('another-secret', signed, at)).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySlackSignature(vectors.signing_secret, signed, at + 301_000)).toEqual({ ok: false, reason: 'stale' });
      expect(verifySlackSignature(vectors.signing_secret, signed, at - 301_000)).toEqual({ ok: false, reason: 'stale' });
      expect(verifySlackSignature(vectors.signing_secret, { ...signed, signature: undefined }, at)).toEqual({ ok: false, reason: 'missing' });
    });
  }
});

describe('POST /slack/events', () => {
  it('answers url_verification with the challenge, signed; refuses it unsigned, stale or with another secret', async () => {
    h = await startSlack();
    const body = fixture('url_verification.json');
    const ok = await send(h, body, 'application/json');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    const inject = (headers: Record<string, string>) => h!.app.server.inject({ method: 'POST', url: '/slack/events', headers, payload: body });
    expect((await inject({ 'content-type': 'application/json' })).statusCode).toBe(401);
    expect((await inject(signedHeaders(body, h.app.clock.now() - 301_000, 'application/json'))).statusCode).toBe(401);
    expect((await inject(signedHeaders(body, h.app.clock.now() + 301_000, 'application/json'))).statusCode).toBe(401);
    expect((await inject(signedHeaders(body, h.app.clock.now(), 'application/json', 'wrong-secret'))).statusCode).toBe(401);
    const metrics = await h.app.server.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/firebreak_slack_requests_total\{outcome="bad_signature"\} 2/);
  });

  it('refuses bodies over 1 MiB before reading them, answers ssl_check, and leaves intake its JSON parser', async () => {
    h = await startSlack();
    const big = `payload=${'x'.repeat(1024 * 1024 + 1)}`;
    const res = await h.app.server.inject({ method: 'POST', url: '/slack/events', headers: signedHeaders(big, h.app.clock.now(), 'application/x-www-form-urlencoded'), payload: big });
    expect(res.statusCode).toBe(413);
    const ssl = await h.app.server.inject({ method: 'POST', url: '/slack/events', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'ssl_check=1&token=x' });
    expect(ssl.statusCode).toBe(200);
    await postAlert(h, { title: 'Intake still parses JSON', dedupKey: 'j1' });
  });

  it('processes an Events API delivery once when Slack retries it with the same event_id', async () => {
    h = await startSlack();
    await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
    await deliver(h);
    const header = posted(h, 'C_INC')[0]!;
    const event = JSON.parse(fixture('event_callback.app_mention.json')) as Record<string, any>;
    event.event = { ...event.event, user: 'UALICE', channel: 'C_INC', thread_ts: header.ts, text: '<@UBOT> note rolled back the deploy' };
    const body = JSON.stringify(event);
    expect((await send(h, body, 'application/json')).statusCode).toBe(200);
    expect((await send(h, body, 'application/json', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).statusCode).toBe(200);
    const timeline = await h.app.store.timeline('INC-1');
    expect(timeline.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['rolled back the deploy']);
    expect(h.fake.callsOf('chat.postEphemeral').map((c) => c.args.text)).toEqual(['Note added to the timeline.']);
  });

  it('answers a slash command without an incident ephemerally, saying how to name one on Slack', async () => {
    h = await startSlack();
    await slashCommand(h, 'ack');
    const [answer] = h.fake.callsOf('chat.postEphemeral');
    expect(answer!.args).toMatchObject({ channel: 'C_INC', user: 'UALICE' });
    expect(answer!.args.text).toMatch(/Which incident\?.*name the incident \(`\/incident ack INC-42`\)/);
    expect(await h.app.store.listIncidents()).toEqual([]);
  });

  it('resolves <@U…> arguments to people with users.info, cached', async () => {
    h = await startSlack();
    h.fake.users.set('UBOB', { id: 'UBOB', name: 'bob', real_name: 'Bob Builder' });
    await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
    await slashCommand(h, 'assign commander <@UBOB> INC-1');
    await slashCommand(h, 'assign scribe <@UBOB> INC-1');
    const incident = await h.app.service.get('INC-1');
    expect(incident.roles.commander).toEqual({ id: 'slack:UBOB', name: 'Bob Builder' });
    expect(h.fake.callsOf('users.info').filter((c) => c.args.user === 'UBOB')).toHaveLength(1);
  });

  it('opens the declare form at once with the trigger, stores nothing, and declares on submission', async () => {
    h = await startSlack();
    await slashCommand(h, 'declare Payments are down', { trigger: 'trig-declare' });
    const [open] = h.fake.callsOf('views.open');
    expect(open!.args.trigger_id).toBe('trig-declare');
    expect(open!.args.view).toMatchObject({ type: 'modal', callback_id: 'fb.modal.declare' });
    expect(await h.app.store.listIncidents()).toEqual([]);
    await submitView(h, { title: 'Payments are down', severity: 'SEV2', description: 'Card payments fail' });
    await deliver(h);
    const [incident] = await h.app.store.listIncidents();
    expect(incident).toMatchObject({ id: 'INC-1', title: 'Payments are down', severity: 'SEV2', declaredBy: { id: 'slack:UALICE' } });
    expect(h.fake.callsOf('chat.postEphemeral').at(-1)!.args).toMatchObject({ channel: 'C_INC', user: 'UALICE', text: expect.stringContaining('Declared INC-1') });
    expect(posted(h, 'C_INC')[0]!.text).toContain('INC-1 · Payments are down');
  });

  it('answers a stale button with an ephemeral note and changes nothing', async () => {
    h = await startSlack();
    await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
    await deliver(h);
    const header = posted(h, 'C_INC')[0]!;
    const triage = posted(h, 'C_INC', header.ts).find((m) => m.text.startsWith('Triage'))!;
    const staleAnswer = actionsOf(triage)[0]!;
    await h.app.interactions.command('resolve INC-1 fixed', { actor: { id: 'slack:UALICE', name: 'Alice' }, surface: 'slack' });
    await deliver(h);
    const before = await h.app.service.get('INC-1');
    const posts = h.fake.callsOf('chat.postMessage').length;
    await click(h, triage.ts, staleAnswer.actionId, staleAnswer.value!);
    await deliver(h);
    const [note] = h.fake.callsOf('chat.postEphemeral');
    expect(note!.args.text).toMatch(/^⚠️ /);
    expect(await h.app.service.get('INC-1')).toEqual(before);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(posts);
  });

  it('puts a message on the timeline from the shortcut and from a 📌 reaction, with author, text and permalink', async () => {
    h = await startSlack();
    h.fake.users.set('UCAROL', { id: 'UCAROL', name: 'carol', real_name: 'Carol' });
    await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
    await deliver(h);
    const header = posted(h, 'C_INC')[0]!;
    const said = h.fake.addMessage({ channel: 'C_INC', thread_ts: header.ts, text: 'DB failover done &lt;finally&gt;', user: 'UCAROL' });
    const shortcut = {
      type: 'message_action',
      callback_id: 'fb_add_to_timeline',
      trigger_id: 'trig-shortcut',
      response_url: 'https://hooks.slack.invalid/x',
      team: { id: 'T1', domain: 'fake' },
      user: { id: 'UALICE', name: 'alice' },
      channel: { id: 'C_INC', name: 'incidents' },
      message: { type: 'message', user: 'UCAROL', ts: said.ts, thread_ts: header.ts, text: said.text },
      message_ts: said.ts,
    };
    await send(h, `payload=${encodeURIComponent(JSON.stringify(shortcut))}`, 'application/x-www-form-urlencoded');
    const pinned = h.fake.addMessage({ channel: 'C_INC', thread_ts: header.ts, text: 'Error rate back under 1%', user: 'UCAROL' });
    const reaction = JSON.parse(fixture('event_callback.app_mention.json')) as Record<string, any>;
    reaction.event_id = 'EvPin1';
    reaction.event = { type: 'reaction_added', user: 'UALICE', reaction: 'pushpin', item: { type: 'message', channel: 'C_INC', ts: pinned.ts }, item_user: 'UCAROL', event_ts: pinned.ts };
    await send(h, JSON.stringify(reaction), 'application/json');
    const evidence = (await h.app.store.timeline('INC-1')).filter((e) => e.kind === 'evidence');
    expect(evidence.map((e) => e.text)).toEqual(['DB failover done <finally>', 'Error rate back under 1%']);
    expect(evidence[0]!.data).toMatchObject({ author: { id: 'slack:UCAROL', name: 'Carol' }, link: `https://fake.slack.com/archives/C_INC/p${said.ts.replace('.', '')}` });
    expect(evidence[1]!.actor).toMatchObject({ id: 'slack:UALICE' });
  });
});

it('keeps taking commands when Slack was unreachable while Firebreak started, asking who it is again', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    h = await startSlack({ beforeStart: (fake) => fake.failNext(2, { destroy: true }, 'auth.test') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await h.app.service.declare({ title: 'Checkout returns 502', severity: 'SEV2', declaredBy: { id: 'slack:UALICE', name: 'Alice' }, source: 'slack' });
    await deliver(h);
    const res = await slashCommand(h, 'note INC-1 rolled back');

    expect(res.statusCode).toBe(200);
    expect((await h.app.store.timeline('INC-1')).map((e) => e.text)).toContain('rolled back');
    expect(h.fake.callsOf('auth.test').length).toBeGreaterThanOrEqual(2);
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
