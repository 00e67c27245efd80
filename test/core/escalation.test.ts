import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { RecordingPager } from '../fakes/recording-pager.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';

const MIN = 60_000;
let app: TestApp;
let pager: RecordingPager;

async function start(policy?: string) {
  pager = new RecordingPager([{ schedule: 'Platform', person: 'Dana', level: 1, email: 'dana@example.com' }]);
  app = await createTestApp({ app: { pager }, policy, start: '2026-03-04T10:00:00Z' });
}

afterEach(async () => {
  await app.close();
});

async function declare(severity: string | null, title = 'Checkout down') {
  const incident = await app.service.declare({ title, severity, declaredBy: ctx('Alice').actor, source: 'web' });
  await app.scheduler.tick();
  return incident.id;
}

const kinds = async (id: string) => (await app.store.timeline(id)).map((e) => e.kind);

/** Timers and chat, then the page sender's own loop, then the chat messages it caused. */
async function tick() {
  await app.scheduler.tick();
  await app.pageSender!.tick();
  await app.scheduler.tick();
}

describe('escalation', () => {
  it('pages the on-call once when nobody acknowledges within the response target', async () => {
    await start('escalation:\n  contacts: ["@sre-leads", "slack:U42"]\n');
    const id = await declare('SEV2');
    app.clock.advance(29 * MIN);
    await tick();
    expect(pager.pages).toHaveLength(0);
    app.clock.advance(1 * MIN);
    await tick();
    expect(pager.pages).toEqual([expect.objectContaining({ incidentId: id, severity: 'SEV2', title: 'Checkout down' })]);
    const texts = await threadTexts(app, id);
    expect(texts.find((t) => t.includes('not acknowledged within 30 min'))).toContain('Escalation contacts: @sre-leads, @U42');
    expect(await kinds(id)).toEqual(expect.arrayContaining(['escalated', 'paged']));

    app.clock.advance(60 * MIN);
    await tick();
    expect(pager.pages).toHaveLength(1);
  });

  it('does not page when someone acknowledged in time', async () => {
    await start();
    const id = await declare('SEV1');
    app.clock.advance(10 * MIN);
    await app.interactions.action(ACTION.ack, id, ctx('Bob'));
    app.clock.advance(10 * MIN);
    await tick();
    expect(pager.pages).toHaveLength(0);
  });

  it('SEV4 waits until the next business day', async () => {
    await start();
    // Wednesday 10:00 UTC → Thursday 09:00 UTC
    await declare('SEV4');
    app.clock.set(Date.parse('2026-03-05T08:59:00Z'));
    await tick();
    expect(pager.pages).toHaveLength(0);
    app.clock.set(Date.parse('2026-03-05T09:00:00Z'));
    await tick();
    expect(pager.pages).toHaveLength(1);
  });

  it('prompts to escalate a SEV1 still open after 30 minutes, naming the contacts', async () => {
    await start('escalation:\n  contacts: ["@incident-managers"]\n');
    const id = await declare('SEV1');
    await app.interactions.action(ACTION.ack, id, ctx('Bob'));
    app.clock.advance(30 * MIN);
    await tick();
    const prompt = (await threadTexts(app, id)).find((t) => t.includes('has been open 30 min at SEV1'));
    expect(prompt).toContain('@incident-managers');
    expect(pager.pages).toHaveLength(0);
  });

  it('reminds to draft the post-mortem 24 h after resolution unless it was drafted', async () => {
    await start();
    const a = await declare('SEV2', 'First');
    const b = await declare('SEV2', 'Second');
    await app.interactions.command('resolve rolled back', ctx('Bob', a));
    await app.interactions.command('resolve rolled back', ctx('Bob', b));
    await app.interactions.command('postmortem', ctx('Bob', b));
    app.clock.advance(24 * 60 * MIN);
    await tick();
    expect(await kinds(a)).toContain('postmortem_reminder');
    expect(await kinds(b)).not.toContain('postmortem_reminder');
    expect(await kinds(b)).toContain('postmortem_drafted');
  });

  it('a failing pager is reported in the thread and on the timeline', async () => {
    await start();
    pager.failWith = new Error('PagerDuty answered 500');
    const id = await declare('SEV1');
    await app.interactions.command('page', ctx('Bob', id));
    await tick();
    expect((await threadTexts(app, id)).some((t) => t.includes('failed: PagerDuty answered 500'))).toBe(true);
    expect(await kinds(id)).toContain('page_failed');
  });

  it('looks up the on-call through the pager', async () => {
    await start();
    const reply = await app.interactions.command('oncall', ctx('Bob'));
    expect(reply.message?.text).toContain('Platform · level 1: Dana');
  });
});
