/**
 * A chat outage through the real Slack adapter against the fake Slack: 500s and dropped
 * connections for two minutes of (manual-clock) time, then recovery; a 429 on one channel; a
 * message refused for good; a message that keeps failing retryably while Slack delivers others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../fakes/fake-slack.js';
import { ctx, threadTexts } from '../fakes/test-app.js';
import { deliver, postAlert, posted, startSlack, type SlackHarness } from '../chat/slack/slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const isPost = (call: SlackCall) => call.method === 'chat.postMessage' || call.method === 'chat.update';

async function openIncidents(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await postAlert(h!, { title: `Service ${i} down`, dedupKey: `svc-${i}` })).incidents[0]!);
  await deliver(h!);
  return ids;
}

/** The Slack thread of an incident: the header's ts in #incidents. */
function threadOf(id: string): string {
  return posted(h!, 'C_INC').find((m) => m.text.includes(id))!.ts;
}

async function note(id: string, text: string) {
  await h!.app.interactions.command(`note ${text}`, ctx('Alice', id));
}

/** Ticks through `ms` of manual-clock time in `step`s. */
async function runFor(ms: number, step = 1_000) {
  for (let t = 0; t < ms; t += step) {
    h!.app.clock.advance(step);
    await h!.app.scheduler.tick();
  }
}

describe('a chat outage', () => {
  it('delivers every message once, in order per thread, after two minutes of 500s and dropped connections', async () => {
    h = await startSlack();
    const ids = await openIncidents(3);
    let down = true;
    let refused = 0;
    h.fake.hooks.push((call) => {
      if (!down || !isPost(call)) return undefined;
      refused++;
      return refused % 3 === 0 ? { destroy: true } : { status: refused % 3 === 1 ? 500 : 503, body: { ok: false, error: 'internal_error' } };
    });

    for (let round = 0; round < 4; round++) {
      for (const id of ids) await note(id, `step ${round} of ${id}`);
      await runFor(30_000, 5_000);
    }
    expect(refused).toBeGreaterThan(10);
    const stored = () => h!.fake.messages.filter((m) => m.text.startsWith('Note:'));
    expect(stored()).toHaveLength(0);

    down = false;
    await runFor(5 * 60_000, 5_000); // the longest backoff is 5 minutes
    await deliver(h, 120);

    for (const id of ids) {
      const notes = posted(h, 'C_INC', threadOf(id)).map((m) => m.text).filter((t) => t.startsWith('Note:'));
      expect(notes).toEqual([0, 1, 2, 3].map((r) => `Note: step ${r} of ${id}`));
    }
    expect(stored()).toHaveLength(12);
    const failed = await h.app.store.db.selectFrom('outbox').select('id').where('last_error', 'like', 'failed:%').execute();
    expect(failed).toEqual([]); // an outage drops nothing
  });

  it('a 429 with Retry-After on the status channel does not delay the incident channel', async () => {
    h = await startSlack();
    const [a] = await openIncidents(1);
    const statusBefore = posted(h, 'C_STATUS').length;
    h.fake.hooks.push((call) =>
      call.method === 'chat.postMessage' && call.args.channel === 'C_STATUS'
        ? { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } }
        : undefined,
    );
    await h.app.interactions.command('update Rolling back the deploy', ctx('Alice', a));
    h.app.clock.advance(1_100);
    await h.app.scheduler.tick();
    await note(a!, 'while status is limited');
    h.app.clock.advance(1_100);
    await h.app.scheduler.tick();

    expect(posted(h, 'C_INC', threadOf(a!)).some((m) => m.text === 'Note: while status is limited')).toBe(true);
    expect(posted(h, 'C_STATUS')).toHaveLength(statusBefore);
    h.fake.hooks.length = 0;
    await runFor(30_000, 5_000);
    expect(posted(h, 'C_STATUS').slice(statusBefore).map((m) => m.text)).toEqual([expect.stringContaining('Rolling back the deploy')]);
  });

  it('drops a message Slack refuses for good (invalid_blocks) with an error in the console thread and the log, and goes on', async () => {
    h = await startSlack();
    const [a] = await openIncidents(1);
    h.fake.hooks.push((call) => (call.method === 'chat.postMessage' && String(call.args.text).includes('bad blocks') ? { body: { ok: false, error: 'invalid_blocks' } } : undefined));
    await note(a!, 'bad blocks');
    await note(a!, 'after the refused one');
    await deliver(h);

    const notes = posted(h, 'C_INC', threadOf(a!)).map((m) => m.text);
    expect(notes).toContain('Note: after the refused one');
    expect(notes).not.toContain('Note: bad blocks');
    expect(h.app.logs.some((l) => l.msg === 'chat refused a message; giving up on it' && l.surface === 'slack')).toBe(true);
    const consoleThread = await threadTexts(h.app, a!);
    expect(consoleThread.some((t) => t.startsWith('⚠️ Not delivered to slack: “Note: bad blocks”') && t.includes('invalid_blocks'))).toBe(true);
    // the note about it stays in the console: nothing about it was sent to Slack
    expect(h.fake.messages.some((m) => m.text.includes('Not delivered'))).toBe(false);
  });

  it('sets aside a message that keeps failing retryably while Slack delivers others, so its thread goes on', async () => {
    h = await startSlack();
    const [a, b] = await openIncidents(2);
    let poisonTries = 0;
    h.fake.hooks.push((call) => {
      if (call.method !== 'chat.postMessage' || !String(call.args.text).includes('poison')) return undefined;
      poisonTries++;
      return { status: 500, body: { ok: false, error: 'internal_error' } };
    });
    await note(a!, 'poison');
    await note(a!, 'after the bad one');
    // the other thread keeps talking: Slack is up
    for (let i = 0; i < 8; i++) {
      await note(b!, `healthy ${i}`);
      await runFor(30_000, 5_000);
    }
    await deliver(h);

    const notes = posted(h, 'C_INC', threadOf(a!)).map((m) => m.text);
    expect(notes).toContain('Note: after the bad one');
    expect(poisonTries).toBeGreaterThanOrEqual(6);
    expect(poisonTries).toBeLessThan(9); // bounded, not retried without end
    expect(h.app.logs.some((l) => l.msg === 'chat keeps failing one message while delivering others; setting it aside')).toBe(true);
    const consoleThread = await threadTexts(h.app, a!);
    expect(consoleThread.some((t) => t.startsWith('⚠️ Not delivered to slack: “Note: poison”'))).toBe(true);
    expect(posted(h, 'C_INC', threadOf(b!)).filter((m) => m.text.startsWith('Note: healthy'))).toHaveLength(8);
  });

  it('keeps retrying during a platform-wide outage longer than the poison threshold, and drops nothing', async () => {
    h = await startSlack();
    const [a] = await openIncidents(1);
    let down = true;
    let tries = 0;
    h.fake.hooks.push((call) => (down && isPost(call) ? (tries++, { status: 502, body: { ok: false, error: 'internal_error' } }) : undefined));
    await note(a!, 'during a long outage');
    await runFor(30 * 60_000, 30_000);
    expect(tries).toBeGreaterThan(6);
    down = false;
    await runFor(6 * 60_000, 30_000);
    await deliver(h);
    expect(posted(h, 'C_INC', threadOf(a!)).filter((m) => m.text === 'Note: during a long outage')).toHaveLength(1);
    expect(h.app.logs.some((l) => String(l.msg).includes('setting it aside'))).toBe(false);
  });
});
