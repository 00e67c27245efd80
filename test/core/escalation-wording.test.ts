/** The escalation says the target it really used, and "Paging …" only when a page is queued. */
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingPager } from '../fakes/recording-pager.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';

const MIN = 60_000;
let app: TestApp;
afterEach(async () => {
  await app.close();
});

async function declare(severity: string | null) {
  const incident = await app.service.declare({ title: 'Checkout down', severity, declaredBy: ctx('Alice').actor, source: 'web' });
  await app.scheduler.tick();
  return incident.id;
}

async function escalation(id: string): Promise<string> {
  return (await threadTexts(app, id)).find((t) => t.includes('was not acknowledged')) ?? '';
}

describe('the acknowledgement escalation', () => {
  it('untriaged, with a pager: names SEV2’s target and pages', async () => {
    const pager = new RecordingPager([]);
    app = await createTestApp({ app: { pager }, start: '2026-03-04T10:00:00Z' });
    const id = await declare(null);
    app.clock.advance(30 * MIN);
    await app.scheduler.tick();
    const text = await escalation(id);
    expect(text).toContain(`${id} was not acknowledged within 30 min, SEV2's target, used while untriaged. Paging the on-call through ${pager.name}.`);
    expect(text).not.toContain('within untriaged');
    await app.pageSender!.tick();
    expect(pager.pages).toHaveLength(1);
  });

  it('without a pager: says nobody was paged and who is mentioned, with no "Paging" and no "Could not page"', async () => {
    app = await createTestApp({ policy: 'escalation:\n  contacts: ["@sre-leads"]\n', start: '2026-03-04T10:00:00Z' });
    const id = await declare('SEV1');
    app.clock.advance(15 * MIN);
    await app.scheduler.tick();
    const texts = await threadTexts(app, id);
    const text = await escalation(id);
    expect(text).toContain(`${id} was not acknowledged within 15 min (SEV1's response target). Nobody was paged: no pager is configured, so this mentions the escalation contacts instead. Escalation contacts: @sre-leads.`);
    expect(texts.filter((t) => /Paging|Could not page/.test(t))).toEqual([]);
    expect((await app.store.timeline(id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['escalated', 'page_failed']));
  });

  it('a next-business-day target reads "respond by the next business day"', async () => {
    app = await createTestApp({ start: '2026-03-04T10:00:00Z' });
    const id = await declare('SEV4');
    const header = (await threadTexts(app, id))[0];
    const roots = await app.store.webMessages.list({ channel: 'incidents', threadId: null });
    const fields = JSON.stringify(roots.find((r) => r.incidentId === id)!.message.blocks);
    expect(header).toContain(id);
    expect(fields).toContain('respond by the next business day');
    expect(fields).not.toContain('within next business day');
  });
});
