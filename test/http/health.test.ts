import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('health and metrics', () => {
  it('is live and ready while the store answers, and not ready once it does not', async () => {
    expect((await app.server.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready200 = await app.server.inject('/readyz');
    expect(ready200.statusCode).toBe(200);
    // One SQLite process is the leader: it holds the chat connections.
    expect(ready200.json()).toMatchObject({ status: 'ready', leader: true });
    await app.store.db.destroy();
    const ready = await app.server.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual([expect.objectContaining({ name: 'store', ok: false })]);
  });

  it('exports open incidents by severity, declared/resolved totals and webhook requests by source and status', async () => {
    await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'A', severity: 'SEV1' } });
    await app.server.inject({ method: 'POST', url: '/api/incidents', payload: { title: 'B' } });
    await app.server.inject({ method: 'POST', url: '/webhooks/generic', payload: { title: 'C', severity: 'warning' } });
    await app.server.inject({ method: 'POST', url: '/webhooks/generic', payload: { nope: true } });
    await app.interactions.command('resolve rolled back', { actor: { id: 'web:a', name: 'A' }, surface: 'web', incidentId: 'INC-1' });

    const res = await app.server.inject('/metrics');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toContain('firebreak_open_incidents{severity="untriaged"} 1');
    expect(text).toContain('firebreak_open_incidents{severity="SEV3"} 1');
    expect(text).not.toContain('firebreak_open_incidents{severity="SEV1"}');
    expect(text).toContain('firebreak_incidents_declared_total 3');
    expect(text).toContain('firebreak_incidents_resolved_total 1');
    expect(text).toContain('firebreak_webhook_requests_total{source="generic",status="202"} 1');
    expect(text).toContain('firebreak_webhook_requests_total{source="generic",status="400"} 1');
    expect(text).toContain('firebreak_process_resident_memory_bytes');
    expect(text).toContain('firebreak_leader 1');
  });
});
