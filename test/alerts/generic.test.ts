import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { genericSource } from '../../src/alerts/generic.js';
import { stableHash } from '../../src/alerts/mapping.js';
import { intake, issuePaths } from './helpers.js';

const parse = (body: object | string) => genericSource.parse(intake(body));
const readme = readFileSync(new URL('../../src/alerts/README.md', import.meta.url), 'utf8');

describe('generic alerts', () => {
  it('applies the defaults to a bare title', () => {
    expect(parse({ title: '  Disk full on db-1 ' })).toEqual({
      truncated: false,
      alerts: [
        {
          source: 'generic',
          groupKey: stableHash('Disk full on db-1'),
          dedupKey: stableHash('Disk full on db-1'),
          status: 'firing',
          title: 'Disk full on db-1',
          summary: '',
          labels: {},
          severityHint: undefined,
          links: [],
          startedAt: undefined,
        },
      ],
    });
    expect(parse({ title: 'Disk full on db-2' }).alerts[0]?.dedupKey).not.toBe(stableHash('Disk full on db-1'));
  });

  it('maps every documented field', () => {
    const [alert] = parse({
      title: 'Checkout errors',
      dedupKey: 'checkout-errors',
      groupKey: 'checkout',
      status: 'resolved',
      summary: 'x'.repeat(5000),
      severity: 'SEV2',
      labels: { service: 'checkout', replicas: 3, canary: false },
      links: ['https://grafana.example.com/d/1', { label: 'Runbook', url: 'http://runbooks.example/c' }],
      startedAt: '2026-11-21T05:16:44+01:00',
      ignored: 'unknown fields are dropped',
    }).alerts;
    expect(alert).toMatchObject({
      groupKey: 'checkout',
      dedupKey: 'checkout-errors',
      status: 'resolved',
      severityHint: 'SEV2',
      labels: { service: 'checkout', replicas: '3', canary: 'false' },
      links: [
        { label: 'grafana.example.com', url: 'https://grafana.example.com/d/1' },
        { label: 'Runbook', url: 'http://runbooks.example/c' },
      ],
      startedAt: Date.parse('2026-11-21T04:16:44Z'),
    });
    expect(alert?.summary).toHaveLength(4000);
  });

  it('accepts a batch', () => {
    const batch = parse({ alerts: [{ title: 'a' }, { title: 'b', dedupKey: 'b', status: 'resolved' }] });
    expect(batch.alerts.map((a) => [a.dedupKey, a.status])).toEqual([
      [stableHash('a'), 'firing'],
      ['b', 'resolved'],
    ]);
  });

  it('names failing fields', () => {
    expect(issuePaths(() => parse({ summary: 'no title' }))).toEqual(['title']);
    expect(issuePaths(() => parse({ title: '   ' }))).toEqual(['title']);
    expect(issuePaths(() => parse({ alerts: [{ title: 'ok' }, { title: 1, status: 'open' }] })).sort()).toEqual([
      'alerts.1.status',
      'alerts.1.title',
    ]);
    expect(issuePaths(() => parse({ alerts: [] }))).toEqual(['alerts']);
    expect(issuePaths(() => parse({ title: 't', links: ['javascript:alert(1)'] }))).toEqual(['links.0']);
    expect(issuePaths(() => parse({ title: 't', startedAt: 'yesterday', labels: { a: {} } })).sort()).toEqual([
      'labels.a',
      'startedAt',
    ]);
    expect(issuePaths(() => parse('{"title":'))).toEqual(['']);
  });
});

describe('generic README examples', () => {
  it('the JSON example and every curl body parse', () => {
    const json = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(json).toBeDefined();
    expect(parse(json ?? '').alerts[0]).toMatchObject({ dedupKey: 'checkout-error-rate', severityHint: 'critical' });
    const curlBodies = [...readme.matchAll(/-d '([^']+)'/g)].map((m) => m[1] ?? '');
    expect(curlBodies).toHaveLength(2);
    expect(curlBodies.map((b) => parse(b).alerts[0]?.status)).toEqual(['firing', 'resolved']);
    expect(readme).toContain("curl -X POST http://127.0.0.1:3000/webhooks/generic -H 'content-type: application/json'");
  });
});
