/** The post-mortem names its runbooks, the peak severity, alerts by their labels, and carries no markup from them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postmortemMarkdown } from '../../src/core/postmortem-flow.js';
import { renderPostmortem } from '../../src/core/postmortem.js';
import type { Incident } from '../../src/core/incident.js';
import type { StoredAlert } from '../../src/core/ports.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';
import { amGroup, post, type IntakeReply } from '../http/helpers.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ start: '2026-03-04T10:00:00Z' });
});
afterEach(async () => {
  await app.close();
});

describe('the post-mortem draft', () => {
  it('names the attached runbook, the peak and final severity, and tells alerts apart by their labels', async () => {
    const res = await post(app, 'alertmanager', amGroup('RedisDown', [{ fingerprint: 'r1', labels: { region: 'eu' } }, { fingerprint: 'r2', labels: { region: 'us' } }]));
    const [id] = res.json<IntakeReply>().incidents;
    await app.interactions.command('sev 1', ctx('Alice', id));
    await app.interactions.command('sev 3', ctx('Alice', id));
    await app.interactions.command('resolve failover done', ctx('Alice', id));

    const draft = await postmortemMarkdown(app.service, id!);
    expect(draft).toContain('| Severity | SEV3 (peak SEV1) |');
    expect(draft).toContain('| Runbooks | Cache (Redis) down or refusing writes |');
    const alertLines = draft.split('\n').filter((l) => l.startsWith('- **RedisDown'));
    expect(alertLines).toHaveLength(2);
    expect(alertLines[0]).toContain('instance=r1, region=eu');
    expect(alertLines[1]).toContain('instance=r2, region=us');
  });

  it('escapes Markdown and HTML, strips NUL and terminal escapes, and drops javascript: links', () => {
    const evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) \x00\x1b[31mred\x1b[0m\x1b]0;title\x07';
    const incident = {
      id: 'INC-7', title: evil, description: evil, summary: evil, severity: 'SEV2', status: 'resolved', source: 'alert:alertmanager',
      declaredAt: 0, resolvedAt: 60_000, acknowledgedAt: null, declaredBy: { id: 'alert:alertmanager', name: 'Alertmanager' },
      roles: {}, runbooks: [], followUps: [{ id: 1, text: evil, createdBy: { id: 'web:x', name: evil }, createdAt: 0 }],
    } as unknown as Incident;
    const alert = { title: evil, source: 'alertmanager', status: 'firing', labels: { alertname: 'X', note: evil }, links: [{ url: 'javascript:alert(4)' }], startedAt: 0 } as unknown as StoredAlert;
    const draft = renderPostmortem({ incident, timeline: [], alerts: [alert], publicUrl: 'https://firebreak.example.com', runbookTitles: {} });

    expect(draft).not.toMatch(/<script|<img|(?<!\\)\]\(javascript:|javascript:alert\(4\)/);
    expect(draft).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(draft).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(draft).toContain('\\[click\\](javascript:alert(3))');
    expect(draft).toContain('red');
  });
});
