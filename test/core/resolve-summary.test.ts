/** Resolving asks for the summary however it is asked for, and a summary can follow the resolution. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/core/actions.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ start: '2026-03-04T10:00:00Z' });
});
afterEach(async () => {
  await app.close();
});

const declare = async () => (await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' })).id;

describe('resolving asks for the summary', () => {
  it('through `status resolved` and the status select, before anything is stored', async () => {
    const id = await declare();
    expect(app.interactions.modalFor({ kind: 'command', text: 'status resolved' }, ctx('Alice', id))).toMatchObject({ id: MODAL.resolve, privateValue: id });
    expect(app.interactions.modalFor({ kind: 'action', actionId: ACTION.setStatus, value: `${id}|resolved` }, ctx('Alice'))).toMatchObject({ id: MODAL.resolve });
    expect(app.interactions.modalFor({ kind: 'action', actionId: ACTION.setStatus, value: `${id}|monitoring` }, ctx('Alice'))).toBeUndefined();
    expect((await app.interactions.command('status resolved', ctx('Alice', id))).modal).toMatchObject({ id: MODAL.resolve });
    expect((await app.interactions.action(ACTION.setStatus, `${id}|resolved`, ctx('Alice'))).modal).toMatchObject({ id: MODAL.resolve });
    expect((await app.service.get(id)).status).toBe('investigating');
  });
});

describe('a summary after the resolution', () => {
  it('is added and edited without reopening, on the timeline and in the header', async () => {
    const id = await declare();
    await app.interactions.submit(MODAL.resolve, id, { summary: '' }, ctx('Alice'));
    expect((await app.service.get(id)).summary).toBeNull();

    const added = await app.interactions.command(`resolve ${id} Rolled back the deploy`, ctx('Alice'));
    expect(added.message?.text).toBe(`${id} stays resolved; its summary was added. The post-mortem uses it.`);
    await app.interactions.submit(MODAL.resolve, id, { summary: 'Rolled back deploy 42; pool size fixed' }, ctx('Bob'));

    const incident = await app.service.get(id);
    expect(incident).toMatchObject({ status: 'resolved', summary: 'Rolled back deploy 42; pool size fixed' });
    const notes = (await app.store.timeline(id)).filter((e) => e.kind === 'note').map((e) => e.text);
    expect(notes).toEqual(['Resolution summary added: Rolled back the deploy', 'Resolution summary edited: Rolled back deploy 42; pool size fixed']);
    expect((await app.store.timeline(id)).filter((e) => e.kind === 'reopened')).toEqual([]);
    await app.scheduler.tick();
    const texts = await threadTexts(app, id);
    expect(texts.some((t) => t.includes('Bob edited the resolution summary'))).toBe(true);
    const root = (await app.store.webMessages.list({ channel: 'incidents', threadId: null })).find((r) => r.incidentId === id)!;
    expect(JSON.stringify(root.message.blocks)).toContain('Rolled back deploy 42; pool size fixed');
    expect(JSON.stringify(root.message.blocks)).toContain('Edit summary');
  });
});

describe('handing over command', () => {
  it('takes one pick of a responder in the header', async () => {
    const id = await declare();
    await app.interactions.command('ack', ctx('Alice', id));
    await app.interactions.command('join', ctx('Bob', id));
    await app.scheduler.tick();
    const root = (await app.store.webMessages.list({ channel: 'incidents', threadId: null })).find((r) => r.incidentId === id)!;
    const select = root.message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e) => e.actionId === ACTION.handOver);
    expect(select).toMatchObject({ type: 'select', options: [{ label: 'Bob', value: `${id}|web:bob` }] });

    const reply = await app.interactions.action(ACTION.handOver, `${id}|web:bob`, ctx('Alice'));
    expect(reply.message?.text).toBe(`Bob is now incident commander of ${id}.`);
    expect((await app.service.get(id)).roles.commander).toMatchObject({ name: 'Bob' });
  });
});
