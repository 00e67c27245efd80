import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('/api', () => {
  it('declares from a script: 201 with the incident and its location', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'Deploy pipeline broken', severity: 'SEV3', description: 'Nobody can ship' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/incidents/INC-1');
    expect(res.json()).toMatchObject({ id: 'INC-1', title: 'Deploy pipeline broken', severity: 'SEV3', status: 'investigating', declaredAt: '2026-01-05T09:00:00.000Z' });
  });

  it('answers 400 naming each bad field', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: '', severity: 'high' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['severity', 'title']);
    const unknown = await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'x', severity: 'SEV9' } });
    expect(unknown.json()).toMatchObject({ error: 'validation_failed', issues: [{ path: 'severity' }] });
  });

  it('lists open incidents and shows one with its timeline', async () => {
    await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'One', severity: 'SEV2' } });
    await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'Two', severity: 'SEV2' } });
    await app.interactions.command('resolve done', ctx('Alice', 'INC-1'));

    const open = (await app.server.inject('/api/incidents?status=open')).json();
    expect(open.incidents.map((i: { id: string }) => i.id)).toEqual(['INC-2']);
    const one = (await app.server.inject('/api/incidents/inc-1')).json();
    expect(one.timeline.map((e: { kind: string }) => e.kind)).toEqual(['declared', 'resolved']);
    expect((await app.server.inject('/api/incidents/INC-99')).statusCode).toBe(404);
    expect((await app.server.inject('/api/incidents/nope')).statusCode).toBe(400);
  });

  it('drafts the post-mortem as Markdown from the timeline', async () => {
    await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'Payments | failing', severity: 'SEV1' } });
    await app.interactions.command('ack', ctx('Bob', 'INC-1'));
    app.clock.advance(20 * 60_000);
    await app.interactions.command('update Rolled back v142', ctx('Bob', 'INC-1'));
    await app.interactions.command('followup Alert on pool saturation', ctx('Bob', 'INC-1'));
    await app.interactions.command('resolve Pool size restored', ctx('Bob', 'INC-1'));

    const res = await app.server.inject('/api/incidents/INC-1/postmortem.md');
    expect(res.headers['content-type']).toMatch(/^text\/markdown/);
    const md = res.body;
    expect(md).toContain('# Post-mortem: INC-1 — Payments \\| failing');
    expect(md).toContain('| Acknowledged | 2026-01-05 09:00 UTC (after 0 min) |');
    expect(md).toContain('| Resolved | 2026-01-05 09:20 UTC (duration 20 min) |');
    expect(md).toContain('**Status update** by Bob: Rolled back v142');
    expect(md).toContain('- [ ] #1 Alert on pool saturation — owner _unassigned_ (added by Bob)');
  });
});
