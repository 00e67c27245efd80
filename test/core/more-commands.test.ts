/** The rest of the command grammar: people on the response, follow-ups, lists, timeline, stats, publishing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/parse-command.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

const MIN = 60_000;
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ start: '2026-03-04T10:00:00Z' });
});
afterEach(async () => {
  await app.close();
});

const declare = async (title: string, severity: string | null = 'SEV2') => (await app.service.declare({ title, severity, declaredBy: ctx('Alice').actor, source: 'web' })).id;
const say = (text: string, name = 'Alice', id?: string) => app.interactions.command(text, ctx(name, id));
const text = async (reply: Promise<{ message?: { text: string } }>) => (await reply).message?.text ?? '';

describe('people on the response', () => {
  it('a second "I\'m on it" joins as a responder; join and leave; the header names the responders', async () => {
    const id = await declare('Checkout down');
    await say('ack', 'Alice', id);
    expect(await text(say('ack', 'Bob', id))).toBe(`You joined ${id} as a responder; Alice is commander.`);
    expect(await text(say('join', 'Carol', id))).toBe(`You joined ${id}; Alice is commander.`);
    await expect(say('join', 'Carol', id)).rejects.toThrow(`You're on ${id} already.`);
    await say('leave', 'Bob', id);
    await expect(say('leave', 'Alice', id)).rejects.toThrow('Hand over first');

    expect((await app.service.get(id)).responders?.map((p) => p.name)).toEqual(['Carol']);
    await app.scheduler.tick();
    const header = (await app.store.webMessages.list({ channel: 'incidents', threadId: null })).find((r) => r.incidentId === id)!.message;
    expect(header.blocks).toContainEqual({ type: 'fields', fields: expect.arrayContaining([{ label: 'Responders', value: '<@web:carol|Carol>' }]) });
    expect((await app.store.timeline(id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['responder_joined', 'responder_left']));
  });
});

describe('follow-ups', () => {
  it('take an owner, close by number, and are listed across incidents while open', async () => {
    const a = await declare('Checkout down');
    const b = await declare('Search slow');
    await say('followup <@web:bob|Bob> Alert on pool saturation', 'Alice', a);
    await say('followup Load test the pool', 'Alice', a);
    await say('followup Add a search canary', 'Alice', b);
    expect(await text(say('followup done 1', 'Bob', a))).toBe(`Follow-up #1 of ${a} is done; 1 still open.`);
    await expect(say('followup done 1', 'Bob', a)).rejects.toThrow('done already');
    await expect(say('followup done 9', 'Bob', a)).rejects.toThrow('has no follow-up #9');

    const list = await text(say('list followups'));
    expect(list).toContain('2 open follow-ups');
    expect(list).toContain(`${a} #2 Load test the pool`);
    expect(list).toContain(`${b} #1 Add a search canary`);
    expect(list).not.toContain('pool saturation');
    expect((await app.service.get(a)).followUps[0]).toMatchObject({ owner: { id: 'web:bob', name: 'Bob' }, doneBy: { name: 'Bob' } });
  });
});

describe('lists', () => {
  it('open, resolved and mine', async () => {
    const a = await declare('Checkout down');
    const b = await declare('Search slow');
    await say('ack', 'Bob', a);
    await say('resolve rolled back', 'Alice', b);

    expect(await text(say('list'))).toContain(`${a} Checkout down`);
    expect(await text(say('list'))).not.toContain(b);
    expect(await text(say('list resolved'))).toContain(`${b} Search slow — SEV2, resolved`);
    expect(await text(say('list mine', 'Bob'))).toContain(`${a} Checkout down`);
    expect(await text(say('list mine', 'Carol'))).toBe('You are on no open incident.');
  });
});

describe('timeline and stats', () => {
  it('shows the latest of the timeline, compact, with times', async () => {
    const id = await declare('Checkout down');
    app.clock.advance(2 * MIN);
    await say('ack', 'Bob', id);
    await say('note rolled back build 4512', 'Bob', id);
    const timeline = await text(say('timeline', 'Bob', id));

    expect(timeline).toContain(`Timeline of ${id} (UTC)`);
    expect(timeline).toContain('10:02 Bob acknowledged');
    expect(timeline).toContain('note (Bob): rolled back build 4512');
  });

  it('counts incidents and the mean times to acknowledge and resolve per severity, in the window asked', async () => {
    const old = await declare('Last month', 'SEV1');
    await say('resolve fixed', 'Alice', old);
    app.clock.advance(20 * 24 * 60 * MIN);
    for (const ackAfter of [2, 4]) {
      const id = await declare('Checkout down', 'SEV1');
      app.clock.advance(ackAfter * MIN);
      await say('ack', 'Bob', id);
      app.clock.advance(30 * MIN);
      await say('resolve fixed', 'Bob', id);
    }
    await declare('Search slow', 'SEV3');

    const week = await text(say('stats 7d'));
    expect(week).toContain('3 incidents in the last 7 days');
    expect(week).toContain('SEV1 · 2 (0 open) · MTTA 3 min · MTTR 33 min');
    expect(week).toContain('SEV3 · 1 (1 open) · MTTA — · MTTR —');
    expect(await text(say('stats 30d'))).toContain('4 incidents in the last 30 days');
    await expect(say('stats 365d')).rejects.toThrow('1 to 90 days');
  });
});

describe('the public status page', () => {
  it('shows published incidents with their status updates only, and all systems operational otherwise', async () => {
    expect((await app.server.inject('/status')).body).toContain('All systems operational');
    const secret = await declare('Internal database failover');
    const id = await declare('Checkout <b>errors</b>');
    await say('note the root password is in vault path x', 'Alice', id);
    await say('update We are rolling back the release; checkout works for most users.', 'Alice', id);
    await say('publish', 'Alice', id);
    await say('update internal only', 'Alice', secret);

    const page = await app.server.inject('/status');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 ongoing incident');
    expect(page.body).toContain('Checkout &lt;b&gt;errors&lt;/b&gt;');
    expect(page.body).toContain('We are rolling back the release');
    for (const hidden of ['Internal database failover', 'internal only', 'root password', 'Alice']) expect(page.body).not.toContain(hidden);

    const feed = await app.server.inject('/status/feed.xml');
    expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(feed.body).toContain('<content type="text">We are rolling back the release; checkout works for most users.</content>');
    expect(feed.body).not.toContain('internal only');
    await expect(say('publish', 'Alice', id)).rejects.toThrow('on the status page already');
  });
});

describe('the grammar', () => {
  it('suggests the nearest subcommand, and takes "incident …" without the slash', () => {
    expect(() => parseCommand('stauts identified')).toThrow('Unknown command "stauts". Did you mean status?');
    expect(() => parseCommand('xyzzy')).toThrow('Unknown command "xyzzy". Try /incident help');
    expect(parseCommand('incident list resolved').command).toEqual({ name: 'list', filter: 'resolved' });
    expect(parseCommand('/incident followup INC-4 done 2')).toEqual({ command: { name: 'followup_done', n: 2 }, incidentId: 'INC-4' });
  });
});
