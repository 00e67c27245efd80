/** Runbook steps: undone by whoever marked them, Done records the option taken, Skipped looks unlike Done. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import type { ChatMessage } from '../../src/core/message.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
let id: string;
beforeEach(async () => {
  app = await createTestApp({ start: '2026-03-04T10:00:00Z' });
  id = (await app.service.declare({ title: 'Cache down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' })).id;
  await app.interactions.command('runbook redis-down', ctx('Alice', id));
});
afterEach(async () => {
  await app.close();
});

const click = (value: string, name = 'Alice', actionId: string = ACTION.runbookStep) => app.interactions.action(actionId, `${id}|redis-down|${value}`, ctx(name));

async function stepMessage(index: number): Promise<ChatMessage> {
  await app.scheduler.tick();
  const rows = await app.store.webMessages.list({});
  return rows.filter((r) => r.incidentId === id && r.message.text.startsWith(`Cache (Redis) down or refusing writes step ${index + 1}:`)).at(-1)!.message;
}
const buttons = (m: ChatMessage) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).map((e) => ('label' in e ? e.label : ''));

describe('runbook steps', () => {
  it('can be undone by whoever marked them, with the undo on the timeline', async () => {
    await click('0|done', 'Bob');
    expect(buttons(await stepMessage(0))).toEqual(['Undo']);
    await expect(click('0', 'Alice', ACTION.undoStep)).rejects.toThrow('Only Bob, who marked step 1 done, can undo it.');
    await click('0', 'Bob', ACTION.undoStep);

    expect((await app.service.get(id)).runbooks[0]!.steps).toEqual([]);
    expect(buttons(await stepMessage(0))).toEqual(['Done', 'Skip', 'Failed…']);
    expect((await app.store.timeline(id)).at(-1)).toMatchObject({ kind: 'note', actor: { name: 'Bob' }, text: 'Undid runbook step 1 "Can anything reach Redis?" (was done)' });
    await click('0|skipped', 'Alice');
    expect((await app.service.get(id)).runbooks[0]!.steps).toMatchObject([{ index: 0, outcome: 'skipped', by: { name: 'Alice' } }]);
  });

  it('Done on a step with options records which option', async () => {
    expect(buttons(await stepMessage(4)).slice(0, 4)).toEqual(['Done: A', 'Done: B', 'Done: C', 'Done: D']);
    await click('4|done|B');
    expect((await app.service.get(id)).runbooks[0]!.steps[0]).toMatchObject({ outcome: 'done', note: 'Option B: Fail over to a replica' });
    expect((await app.store.timeline(id)).at(-1)).toMatchObject({ kind: 'runbook_step', data: { option: 'B' } });
    expect(JSON.stringify((await stepMessage(4)).blocks)).toContain('Option B: Fail over to a replica');
  });

  it('Skipped looks different from Done', async () => {
    await click('0|done');
    await click('1|skipped');
    const [done, skipped] = [await stepMessage(0), await stepMessage(1)];
    expect(done.accent).toBe('ok');
    expect(skipped.accent).not.toBe(done.accent);
    const context = (m: ChatMessage) => m.blocks.find((b) => b.type === 'context' && 'text' in b)!;
    expect(context(skipped)).toMatchObject({ text: expect.stringMatching(/^_⏭️ Skipped by .*_$/) });
    expect(context(done)).toMatchObject({ text: expect.stringMatching(/^✅ Done by /) });
  });
});
