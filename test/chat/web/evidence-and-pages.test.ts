/** Evidence on the timeline (console "Add to timeline", alert links and panel images), the full timeline page, the follow-ups page. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TIMELINE_LIMITS } from '../../../src/core/timeline-view.js';
import { GENERATOR_URL, PANEL_IMAGE, PANEL_URL, SEV2_START, runSev2 } from '../../fakes/sev2-scenario.js';
import { createTestApp, ctx, type TestApp } from '../../fakes/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ start: SEV2_START });
});
afterEach(async () => {
  await app.close();
});

const run = () => runSev2({ app, as: (name, id) => ctx(name, id), owner: '<@web:bob|Bob>', between: () => app.scheduler.tick() });
const asCarol = { 'content-type': 'application/json', cookie: 'fb_name=Carol' };

describe('evidence on the timeline', () => {
  it('keeps a console thread message with its author, time, text and a link back to it', async () => {
    const id = await run();
    const rows = await app.store.webMessages.list({ channel: 'incidents' });
    const note = rows.find((r) => r.incidentId === id && r.threadId !== null && r.message.text.includes('Cause: payments 2.14'))!;
    expect(note).toBeDefined();
    const res = await app.server.inject({ method: 'POST', url: '/console/api/evidence', remoteAddress: '127.0.0.1', headers: asCarol, payload: { messageId: note.id } });
    expect(res.statusCode).toBe(200);

    const kept = (await app.store.timeline(id)).filter((e) => e.kind === 'evidence');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      actor: { name: 'Carol' },
      text: note.message.text,
      data: { author: { name: 'Firebreak' }, postedAt: note.createdAt, link: `http://127.0.0.1:0/incidents/${id}#message-${note.id}` },
    });
  });

  it('refuses a message outside any incident thread, a cross-site request and a person without a name', async () => {
    await run();
    const status = (await app.store.webMessages.list({ channel: 'status' }))[0]!;
    expect((await app.server.inject({ method: 'POST', url: '/console/api/evidence', remoteAddress: '127.0.0.1', headers: asCarol, payload: { messageId: status.id } })).statusCode).toBe(404);
    expect((await app.server.inject({ method: 'POST', url: '/console/api/evidence', remoteAddress: '127.0.0.1', headers: asCarol, payload: { messageId: 999_999 } })).statusCode).toBe(404);
    expect((await app.server.inject({ method: 'POST', url: '/console/api/evidence', remoteAddress: '127.0.0.1', headers: { ...asCarol, 'sec-fetch-site': 'cross-site' }, payload: { messageId: 1 } })).statusCode).toBe(403);
    expect((await app.server.inject({ method: 'POST', url: '/console/api/evidence', remoteAddress: '127.0.0.1', headers: { 'content-type': 'application/json' }, payload: { messageId: 1 } })).statusCode).toBe(400);
    expect((await app.store.timeline('INC-1')).some((e) => e.kind === 'evidence')).toBe(false);
  });

  it("keeps an alert's links on the timeline: Grafana panel image and panel, the rule (generatorURL)", async () => {
    const id = await run();
    const added = (await app.store.timeline(id)).find((e) => e.kind === 'alert_added')!;
    expect(added.data?.links).toEqual(
      expect.arrayContaining([
        { label: 'Source', url: GENERATOR_URL },
        { label: 'Panel', url: PANEL_URL },
        { label: 'Panel image', url: PANEL_IMAGE, image: true },
      ]),
    );
  });

  it('shows the full timeline in the console, with alert links, the panel image and kept messages', async () => {
    const id = await run();
    await app.interactions.command('note <script>alert(1)</script>', ctx('Mallory', id));
    const note = (await app.store.webMessages.list({ channel: 'incidents' })).find((r) => r.message.text.includes('Cause: payments'))!;
    await app.server.inject({ method: 'POST', url: '/console/api/evidence', remoteAddress: '127.0.0.1', headers: asCarol, payload: { messageId: note.id } });

    const res = await app.server.inject({ url: `/incidents/${id}/timeline`, remoteAddress: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("img-src 'self' https: http:");
    const html = res.body;
    expect(html).toContain(`<img src="${PANEL_IMAGE.replace(/&/g, '&amp;')}" alt="Panel image"`);
    expect(html).toContain(`<a href="${GENERATOR_URL}" rel="noopener noreferrer">Source</a>`);
    expect(html).toContain('Alice acknowledged');
    expect(html).toContain('Status update by Alice: Rollback to payments 2.13 done at 10:42; error rate falling.');
    expect(html).toContain(`by Firebreak, posted 2026-03-04 10:35 UTC · <a href="http://127.0.0.1:0/incidents/${id}#message-${note.id}"`);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await app.server.inject({ url: '/incidents/INC-99/timeline', remoteAddress: '127.0.0.1' })).statusCode).toBe(404);
  });

  it('answers /incident timeline compact and bounded, pointing at the full timeline', async () => {
    const id = await run();
    for (let n = 0; n < 40; n++) await app.interactions.command(`note step ${n} ${'x'.repeat(400)}`, ctx('Alice', id));
    const reply = (await app.interactions.command('timeline', ctx('Alice', id))).message!;
    const text = reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(text.length).toBeLessThan(2000);
    expect(text.split('\n').filter((l) => l.startsWith('`')).length).toBeLessThanOrEqual(TIMELINE_LIMITS.events);
    expect(text).toMatch(/_\d+ earlier events not shown\._/);
    expect(text).toContain('step 39 xxx');
    expect(text).toContain(`(http://127.0.0.1:0/incidents/${id}/timeline)`);
    for (const line of text.split('\n').filter((l) => l.startsWith('`'))) expect(line.length).toBeLessThanOrEqual(TIMELINE_LIMITS.line + 10);
  });
});

describe('follow-ups across incidents', () => {
  it('lists open follow-ups with owner and due date in chat and on the console page; done ones drop out', async () => {
    const id = await run();
    await app.server.inject({ method: 'POST', url: '/api/incidents', remoteAddress: '127.0.0.1', payload: { title: 'Search slow', severity: 'SEV3' } });
    await app.interactions.command('followup <@web:dan|Dan> Add an index on orders.created_at by 2026-03-01', ctx('Alice', 'INC-2'));
    await app.interactions.command('followup done 2', ctx('Alice', id));

    const chat = (await app.interactions.command('list followups', ctx('Alice'))).message!.text;
    expect(chat).toContain('2 open follow-ups');
    expect(chat).toContain('INC-1 #1 Add a canary stage to payments deploys — @Bob, due 2026-03-18');
    expect(chat).toContain('INC-2 #1 Add an index on orders.created_at — @Dan, due 2026-03-01');
    expect(chat).not.toContain('Alert on DB pool saturation');

    const res = await app.server.inject({ url: '/console/follow-ups', remoteAddress: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('2 open follow-ups.');
    expect(html).toContain('<td>Add a canary stage to payments deploys</td><td>Bob</td><td>2026-03-18</td>');
    expect(html).toContain('<td>Add an index on orders.created_at</td><td>Dan</td><td>2026-03-01 <strong>overdue</strong></td>');
    expect(html).not.toContain('Alert on DB pool saturation');
    expect(html.indexOf('INC-1')).toBeLessThan(html.indexOf('INC-2'));
  });
});
