import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';

const MIN = 60_000;
let app: TestApp;

beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

async function declare(title = 'Checkout is down', severity = 'SEV2') {
  const reply = await app.interactions.submit('fb.modal.declare', '', { title, severity, description: 'Users get 500s' }, ctx('Alice'));
  const id = /INC-\d+/.exec(reply.message!.text)![0];
  await app.scheduler.tick();
  return id;
}

async function timeline(id: string) {
  return (await app.store.timeline(id)).map((e) => e.kind);
}

describe('the incident loop', () => {
  it('opens a thread whose header is edited in place as the incident changes', async () => {
    const id = await declare();
    await app.interactions.command('ack', ctx('Bob', id));
    await app.interactions.action(ACTION.setStatus, `${id}|identified`, ctx('Bob'));
    await app.scheduler.tick();

    const texts = await threadTexts(app, id);
    expect(texts[0]).toBe(`${id} · Checkout is down — SEV2, Identified`);
    expect(texts.some((t) => t.includes('Bob is on it and is now incident commander'))).toBe(true);
    const incident = await app.service.get(id);
    expect(incident.roles.commander?.name).toBe('Bob');
    expect(await timeline(id)).toEqual(['declared', 'acknowledged', 'role_assigned', 'status_changed']);
  });

  it('triages with the decision tree and records the answer path', async () => {
    const reply = await app.interactions.submit('fb.modal.declare', '', { title: 'Search is slow', severity: 'triage' }, ctx('Alice'));
    const id = /INC-\d+/.exec(reply.message!.text)![0];
    await app.interactions.action(ACTION.triageAnswer, `${id}|1|1|all-users`, ctx('Alice'));
    await app.interactions.action(ACTION.triageAnswer, `${id}|1|0|more-than-half`, ctx('Alice'));

    const incident = await app.service.get(id);
    expect(incident.severity).toBe('SEV2');
    const triaged = (await app.store.timeline(id)).find((e) => e.kind === 'triaged');
    expect(triaged).toMatchObject({ before: null, after: 'SEV2' });
    expect(triaged?.data?.path).toEqual(['Are all users affected? → No', 'Are more than half of users affected? → Yes, more than half']);
  });

  it('reminds the commander after the cadence without an update, and never right after one', async () => {
    const id = await declare('Payments failing', 'SEV1');
    await app.interactions.command('ack', ctx('Bob', id));

    app.clock.advance(29 * MIN);
    await app.interactions.command('update Rolling back v142', ctx('Bob', id));
    app.clock.advance(2 * MIN);
    await app.scheduler.tick();
    expect((await threadTexts(app, id)).filter((t) => t.includes('no status update'))).toHaveLength(0);

    app.clock.advance(28 * MIN);
    await app.scheduler.tick();
    const reminders = (await threadTexts(app, id)).filter((t) => t.includes('no status update'));
    expect(reminders).toEqual([`${id}: no status update for 30 min`]);

    app.clock.advance(1 * MIN);
    await app.scheduler.tick();
    expect((await threadTexts(app, id)).filter((t) => t.includes('no status update'))).toHaveLength(1);
  });

  it('snooze postpones the reminder and resolving stops it', async () => {
    const id = await declare();
    app.clock.advance(10 * MIN);
    await app.interactions.command('snooze 1h', ctx('Bob', id));
    app.clock.advance(59 * MIN);
    await app.scheduler.tick();
    expect((await threadTexts(app, id)).filter((t) => t.includes('no status update'))).toHaveLength(0);
    app.clock.advance(1 * MIN);
    await app.scheduler.tick();
    expect((await threadTexts(app, id)).filter((t) => t.includes('no status update'))).toHaveLength(1);

    await app.interactions.command('resolve Fixed the pool size', ctx('Bob', id));
    app.clock.advance(5 * 60 * MIN);
    await app.scheduler.tick();
    expect((await threadTexts(app, id)).filter((t) => t.includes('no status update'))).toHaveLength(1);
  });

  it('escalates an unacknowledged SEV1 after 15 minutes and says nobody was paged without a pager', async () => {
    const id = await declare('Login broken', 'SEV1');
    app.clock.advance(14 * MIN);
    await app.scheduler.tick();
    expect(await timeline(id)).not.toContain('escalated');
    app.clock.advance(1 * MIN);
    await app.scheduler.tick();
    expect(await timeline(id)).toEqual(expect.arrayContaining(['escalated', 'page_failed']));
    const texts = await threadTexts(app, id);
    expect(texts.some((t) => t.includes('was not acknowledged within 15 min'))).toBe(true);
    expect(texts.some((t) => t.includes('no pager is configured'))).toBe(true);
  });

  it('two clicks on the same runbook step record one outcome', async () => {
    const id = await declare();
    await app.interactions.command('runbook redis', ctx('Alice', id));
    const incident = await app.service.get(id);
    const runbookId = incident.runbooks[0]!.runbookId;
    const results = await Promise.allSettled([
      app.interactions.action(ACTION.runbookStep, `${id}|${runbookId}|0|done`, ctx('Alice')),
      app.interactions.action(ACTION.runbookStep, `${id}|${runbookId}|0|skipped`, ctx('Bob')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const after = await app.service.get(id);
    expect(after.runbooks[0]!.steps).toHaveLength(1);
    expect((await app.store.timeline(id)).filter((e) => e.kind === 'runbook_step')).toHaveLength(1);
  });
});
