/** Delivery through the real adapter: once per key across a crash and an outage, lanes per channel, escaping. */
import { afterEach, expect, it } from 'vitest';
import { deliver, postAlert, posted, startSlack, textOf, type SlackHarness } from './slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const keyOf = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key);
const idOf = (key: string) => Number(key.replace(/^fb-/, '').replace(/:.*$/, ''));

it('does not post twice when the process dies between Slack accepting a post and the store completing it', async () => {
  h = await startSlack();
  const outbox = h.app.store.outbox;
  const complete = outbox.completeOutbox.bind(outbox);
  const retry = outbox.retryOutbox.bind(outbox);
  let crashes = 0;
  // The header's completion and the sender's retry bookkeeping both fail: the row stays leased, as after a crash.
  outbox.completeOutbox = async (id, at) => {
    const row = await h!.app.store.db.selectFrom('outbox').select(['surface', 'msg_key']).where('id', '=', id).executeTakeFirstOrThrow();
    if (crashes === 0 && row.surface === 'slack' && row.msg_key === 'header') {
      crashes++;
      outbox.retryOutbox = async () => {
        outbox.retryOutbox = retry;
        throw new Error('process died');
      };
      throw new Error('process died');
    }
    return complete(id, at);
  };
  await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
  await expect(h.app.scheduler.tick()).rejects.toThrow('process died');
  expect(crashes).toBe(1);
  const headersPosted = () => h!.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C_INC' && !c.args.thread_ts);
  expect(headersPosted()).toHaveLength(1);

  h.app.clock.advance(61_000); // past the 60 s lease
  await deliver(h);
  expect(headersPosted()).toHaveLength(1);
  // the retry looked for its key (the thread was already known, so in the thread the header roots) before posting
  const lookup = h.fake.calls.find((c) => c.method === 'conversations.replies' || c.method === 'conversations.history')!;
  expect(lookup.args).toMatchObject({ channel: 'C_INC', include_all_metadata: true });
  // the thread opened under the one header
  const header = posted(h, 'C_INC')[0]!;
  expect(posted(h, 'C_INC')).toHaveLength(1);
  expect(posted(h, 'C_INC', header.ts).map((m) => m.text)).toEqual(['🟠 INC-1: 1 of 1 alerts firing', 'Triage INC-1: Are all users affected?']);
});

it('finds a thread reply of an earlier attempt with conversations.replies', async () => {
  h = await startSlack();
  await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
  await deliver(h);
  const header = posted(h, 'C_INC')[0]!;
  // The next reply reaches Slack but the answer is lost (the connection drops after Slack stored it).
  h.fake.hooks.push((call) => {
    if (call.method !== 'chat.postMessage' || !call.args.thread_ts || h!.fake.messages.some((m) => m.text.startsWith('Note'))) return undefined;
    h!.fake.addMessage({ channel: call.args.channel, thread_ts: call.args.thread_ts, text: call.args.text, blocks: call.args.blocks, metadata: call.args.metadata, user: 'UBOT' });
    return { destroy: true };
  });
  await h.app.interactions.command('note INC-1 rolled back', { actor: { id: 'slack:UALICE', name: 'Alice' }, surface: 'slack' });
  await deliver(h);
  const notes = posted(h, 'C_INC', header.ts).filter((m) => m.text.startsWith('Note'));
  expect(notes).toHaveLength(1);
  expect(h.fake.callsOf('conversations.replies').at(-1)!.args).toMatchObject({ channel: 'C_INC', ts: header.ts, include_all_metadata: true });
});

it('delivers everything after a minute-long Slack outage, in order, once', async () => {
  h = await startSlack();
  const start = h.app.clock.now();
  let refused = 0;
  h.fake.hooks.push((call) => {
    if (h!.app.clock.now() - start >= 60_000 || call.method === 'auth.test') return undefined;
    refused++;
    return refused % 3 === 0 ? { destroy: true } : { status: 500, body: 'upstream connect error' };
  });
  await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
  await postAlert(h, { title: 'Search is slow', dedupKey: 's1' });
  await h.app.interactions.command('note INC-1 first note', { actor: { id: 'slack:UALICE', name: 'Alice' }, surface: 'slack' });
  await h.app.interactions.command('note INC-1 second note', { actor: { id: 'slack:UALICE', name: 'Alice' }, surface: 'slack' });
  for (let i = 0; i < 40 && h.app.clock.now() - start < 60_000; i++) {
    await h.app.scheduler.tick();
    h.app.clock.advance(2_000);
  }
  expect(refused).toBeGreaterThan(3);
  expect(h.fake.messages).toHaveLength(0);
  for (let i = 0; i < 80; i++) {
    await h.app.scheduler.tick();
    const pending = await h.app.store.outbox.pendingOutbox(h.app.clock.now() + 3_600_000, 10);
    if (pending.length === 0) break;
    h.app.clock.advance(5_000);
  }
  const keys = h.fake.messages.map(keyOf);
  expect(new Set(keys).size).toBe(keys.length);
  const headers = posted(h, 'C_INC');
  // two incidents are two lanes: each in order, the lanes in any order
  expect(headers.map((m) => m.text.split(' — ')[0]).sort()).toEqual(['INC-1 · Checkout returns 502', 'INC-2 · Search is slow']);
  const thread = posted(h, 'C_INC', headers.find((m) => m.text.startsWith('INC-1'))!.ts);
  expect(thread.map((m) => m.text)).toEqual([
    '🟠 INC-1: 1 of 1 alerts firing',
    'Triage INC-1: Are all users affected?',
    'Note: first note',
    'Note: second note',
  ]);
  const ids = thread.map((m) => idOf(keyOf(m)));
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  expect(posted(h, 'C_STATUS').map((m) => m.text)).toHaveLength(2);
});

it('a 429 on the status channel holds only that channel', async () => {
  h = await startSlack();
  let limited = 0;
  h.fake.hooks.push((call) => {
    if (call.method !== 'chat.postMessage' || call.args.channel !== 'C_STATUS' || limited > 0) return undefined;
    limited++;
    return { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } };
  });
  await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
  for (let i = 0; i < 5; i++) {
    await h.app.scheduler.tick();
    h.app.clock.advance(1_100);
  }
  // the incident channel went on: header and thread delivered while #status waits out its Retry-After
  const header = posted(h, 'C_INC')[0]!;
  expect(posted(h, 'C_INC', header.ts)).toHaveLength(2);
  expect(posted(h, 'C_STATUS')).toHaveLength(0);
  h.app.clock.advance(30_000);
  await deliver(h);
  expect(posted(h, 'C_STATUS')).toHaveLength(1);
  expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C_STATUS')).toHaveLength(2);
});

it('keeps alert text literal: no broadcast, person or group mention comes out of it', async () => {
  h = await startSlack();
  await postAlert(h, { title: '<!channel> & <@U1> <!subteam^S1|@sre> <!here>', dedupKey: 'x1', summary: '<!everyone> *bold* `x`' });
  await deliver(h);
  const all = h.fake.calls.filter((c) => c.method.startsWith('chat.')).map((c) => JSON.stringify(c.args));
  expect(all.length).toBeGreaterThan(2);
  for (const text of all) {
    expect(text).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U1>|<!subteam/);
  }
  expect(textOf(posted(h, 'C_INC')[0]!)).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
});

it('renders people from Slack as mentions and people from elsewhere as plain names', async () => {
  h = await startSlack();
  await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
  await h.app.interactions.command('assign commander <@UBOB|Bob> INC-1', { actor: { id: 'web:carol', name: 'Carol' }, surface: 'slack' });
  await deliver(h);
  const header = posted(h, 'C_INC')[0]!;
  const line = posted(h, 'C_INC', header.ts).at(-1)!;
  expect(JSON.stringify(line.blocks)).toContain('@Carol made <@UBOB>');
});
