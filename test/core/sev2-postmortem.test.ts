/** The SEV2 "orders failing" incident, scripted: its post-mortem draft, the file in the console, and the reminder it stops. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postmortemMarkdown } from '../../src/core/postmortem-flow.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';
import { GENERATOR_URL, PANEL_IMAGE, SEV2_START, runSev2 } from '../fakes/sev2-scenario.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ start: SEV2_START });
});
afterEach(async () => {
  await app.close();
});

const webRun = () => runSev2({ app, as: (name, id) => ctx(name, id), owner: '<@web:bob|Bob>', between: () => app.scheduler.tick() });

function section(draft: string, heading: string): string {
  const start = draft.indexOf(`\n${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThan(-1);
  const rest = draft.slice(start + heading.length + 2);
  const next = rest.search(/\n## /);
  return next === -1 ? rest : rest.slice(0, next);
}

describe('the post-mortem of the SEV2 orders incident', () => {
  it('has every section: summary, impact, detection, response prompts, root cause, resolution, timeline, runbook log, status updates, follow-ups', async () => {
    const id = await webRun();
    const draft = await postmortemMarkdown(app.service, id);

    expect(draft).toMatch(/^# Post-mortem: INC-1 — /);
    expect(section(draft, '## Summary')).toContain('Rolled back payments 2.14; orders recovered at 11:00');
    expect(section(draft, '## Summary')).toContain('| Severity | SEV2 (peak SEV1) |');

    const impact = section(draft, '## Impact');
    expect(impact).toContain('**Users affected:** Orders failing for \\~60% of users (HTTP 500 on checkout)');
    expect(impact).toContain('**Duration:** 30 min (10:30 → 11:00 UTC)');

    const detection = section(draft, '## Detection');
    expect(detection).toContain('**First alert:** **Orders failing** from grafana at 2026-03-04 10:30 UTC');
    expect(detection).toContain('**Time to acknowledge:** 2 min (at 2026-03-04 10:32 UTC by Alice)');
    expect(detection).toContain('**Who noticed:** Grafana declared it');

    const response = section(draft, '## Response');
    expect(response).toContain('### What worked');
    expect(response).toContain("### What didn't");
    expect(section(draft, '## Root cause')).toContain('Ask "why"');
    expect(section(draft, '## Resolution')).toContain('Rolled back payments 2.14');

    const timeline = section(draft, '## Timeline (UTC)');
    expect(timeline).toContain('- 10:32 2026-03-04 — Alice acknowledged');
    expect(timeline).toContain('Cause: payments 2.14 exhausts the DB connection pool');
    expect(timeline).toContain('changed status identified → monitoring');

    expect(section(draft, '## Evidence')).toContain(`Panel image: <${PANEL_IMAGE}>`);
    expect(section(draft, '## Evidence')).toContain(`Source: <${GENERATOR_URL}>`);

    const runbookLog = section(draft, '## Runbook log');
    expect(runbookLog).toContain('**High error rate after a deploy** — attached 10:30');
    expect(runbookLog).toContain('  - 10:40 step 1 done by Alice');

    const updates = section(draft, '## Status updates');
    expect(updates.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- 10:36 UTC, Alice: Identified: orders fail for \\~60% of users since 10:30; payments 2.14 exhausts the DB pool. Rolling back.',
      '- 10:42 UTC, Alice: Rollback to payments 2.13 done at 10:42; error rate falling.',
    ]);

    const followUps = section(draft, '## Follow-ups');
    expect(followUps).toContain('- [ ] #1 Add a canary stage to payments deploys — owner Bob, due 2026-03-18 (added by Alice)');
    expect(followUps).toContain('- [ ] #2 Alert on DB pool saturation — owner _unassigned_');
  });

  it('ticks a follow-up once it is done', async () => {
    const id = await webRun();
    await app.interactions.command('followup done 1', ctx('Bob', id));
    expect(section(await postmortemMarkdown(app.service, id), '## Follow-ups')).toContain('- [x] #1 Add a canary stage to payments deploys — owner Bob, due 2026-03-18, done 2026-03-04 by Bob');
  });

  it('is posted in the console thread as a file the console serves for download', async () => {
    const id = await webRun();
    await app.interactions.command('postmortem', ctx('Alice', id));
    await app.scheduler.tick();

    const rows = await app.store.webMessages.list({ channel: 'incidents' });
    const row = rows.find((r) => r.message.attachment);
    expect(row?.incidentId).toBe(id);
    expect(row!.message.attachment).toMatchObject({ filename: 'INC-1-postmortem.md', contentType: 'text/markdown; charset=utf-8' });
    expect(row!.message.text).toContain('/api/incidents/INC-1/postmortem.md');

    const res = await app.server.inject({ url: `/console/api/messages/${row!.id}/attachment`, remoteAddress: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="INC-1-postmortem.md"');
    expect(res.body).toContain('## Runbook log');
    expect(res.body).toContain('Add a canary stage to payments deploys');
    expect(res.body).toBe(row!.message.attachment!.body);

    expect((await app.server.inject({ url: `/console/api/messages/${rows[0]!.id}/attachment`, remoteAddress: '127.0.0.1' })).statusCode).toBe(404);
  });

  it('links the draft instead of attaching it when it is too large for a message', async () => {
    await app.server.inject({ method: 'POST', url: '/api/incidents', remoteAddress: '127.0.0.1', payload: { title: 'Huge', severity: 'SEV3' } });
    for (let n = 0; n < 300; n++) await app.interactions.command(`note ${'x'.repeat(3900)}`, ctx('Alice', 'INC-1'));
    await app.interactions.command('postmortem', ctx('Alice', 'INC-1'));
    await app.scheduler.tick();
    const rows = await app.store.webMessages.list({ channel: 'incidents' });
    const last = rows[rows.length - 1]!;
    expect(last.message.text).toContain('/api/incidents/INC-1/postmortem.md');
    expect(last.message.attachment).toBeUndefined();
    expect(JSON.stringify(last.message.blocks)).toContain('too large to attach');
  });

  it('stops the 24 h reminder once the draft is written, and reminds when it is not', async () => {
    const id = await webRun();
    expect(await app.store.transaction((tx) => tx.getTimer(id, 'postmortem_reminder'))).toBeDefined();
    await app.interactions.command('postmortem', ctx('Alice', id));
    expect(await app.store.transaction((tx) => tx.getTimer(id, 'postmortem_reminder'))).toBeUndefined();
    app.clock.advance(25 * 3_600_000);
    await app.scheduler.tick();
    const texts = await threadTexts(app, id);
    expect(texts.filter((t) => /post-mortem/i.test(t) && /remind|due|write/i.test(t) && !t.startsWith('Post-mortem draft'))).toEqual([]);
  });

  it('reminds 24 h after resolution while no draft exists', async () => {
    const id = await webRun();
    app.clock.advance(24 * 3_600_000 + 60_000);
    await app.scheduler.tick();
    const timeline = await app.store.timeline(id);
    expect(timeline.some((e) => e.kind === 'postmortem_reminder')).toBe(true);
  });
});
