import { describe, expect, it } from 'vitest';
import { alertmanagerSource } from '../../src/alerts/alertmanager.js';
import { hashLabels } from '../../src/alerts/mapping.js';
import { clone, fixtureBytes, fixtureJson, intake, issuePaths, NO_SECRETS } from './helpers.js';

const GROUP = '{}:{alertname="HighErrorRate", service="checkout"}';
const parse = (body: Buffer | object) => alertmanagerSource.parse(intake(body));
const firing = fixtureJson<{ alerts: Record<string, unknown>[] } & Record<string, unknown>>(
  'alertmanager/captured-firing.json',
);

describe('alertmanager fixtures', () => {
  it('maps a two-alert firing group', () => {
    const batch = parse(fixtureBytes('alertmanager/captured-firing.json'));
    expect(batch.truncated).toBe(false);
    expect(batch.groupStatus).toBe('firing');
    expect(batch.alerts.map((a) => [a.groupKey, a.dedupKey, a.status])).toEqual([
      [GROUP, '1c5d859e845f39a3', 'firing'],
      [GROUP, '2f27ba89bcf30e12', 'firing'],
    ]);
    const [first, second] = batch.alerts;
    expect(first).toMatchObject({
      source: 'alertmanager',
      title: 'High 5xx rate on checkout',
      summary: '5xx ratio is 12% over the last 5m',
      severityHint: 'critical',
      startedAt: Date.parse('2026-11-21T05:16:44Z'),
      endedAt: undefined, // Go zero time
    });
    expect(first?.labels).toEqual({
      alertname: 'HighErrorRate',
      instance: 'checkout-1:8080',
      job: 'checkout',
      service: 'checkout',
      severity: 'critical',
    });
    expect(first?.links.map((l) => l.label)).toEqual(['Source', 'Alertmanager', 'Runbook']);
    expect(first?.links[2]?.url).toBe('https://runbooks.example.com/checkout/high-error-rate');
    expect(second?.links).toEqual([
      { label: 'Source', url: 'http://prometheus.example:9090/graph' },
      { label: 'Alertmanager', url: 'http://127.0.0.1:9093' },
    ]);
  });

  it('maps the resolved notifications', () => {
    const resolved = parse(fixtureBytes('alertmanager/captured-resolved.json'));
    expect(resolved.groupStatus).toBe('resolved');
    expect(resolved.alerts).toHaveLength(1);
    expect(resolved.alerts[0]).toMatchObject({
      dedupKey: '2f27ba89bcf30e12',
      status: 'resolved',
      endedAt: Date.parse('2026-11-21T05:17:01Z'),
    });
    const single = parse(fixtureBytes('alertmanager/captured-single-alert-resolved.json'));
    expect(single.alerts[0]).toMatchObject({ dedupKey: '1c5d859e845f39a3', status: 'resolved' });
    const amtool = parse(fixtureBytes('alertmanager/captured-resolved-amtool.json'));
    expect(amtool.alerts[0]).toMatchObject({
      groupKey: '{}:{alertname="DiskFull", service="db"}',
      dedupKey: 'eaf09244f2c30009',
      title: 'Disk 95% full on db-1',
      severityHint: 'warning',
      startedAt: Date.parse('2026-11-21T05:17:19.199Z'), // nanoseconds truncated
      endedAt: Date.parse('2026-11-21T05:17:40Z'),
    });
  });

  it('maps the single-alert firing fixture', () => {
    const batch = parse(fixtureBytes('alertmanager/captured-single-alert-firing.json'));
    expect(batch.alerts.map((a) => [a.dedupKey, a.status, a.startedAt])).toEqual([
      ['1c5d859e845f39a3', 'firing', Date.parse('2026-11-21T05:25:29Z')],
    ]);
  });

  it('parses the byte-exact captured bodies like the pretty-printed ones', () => {
    expect(parse(fixtureBytes('alertmanager/raw/captured-firing.raw.json'))).toEqual(
      parse(fixtureBytes('alertmanager/captured-firing.json')),
    );
    expect(parse(fixtureBytes('alertmanager/raw/captured-resolved.raw.json'))).toEqual(
      parse(fixtureBytes('alertmanager/captured-resolved.json')),
    );
  });

  it('authenticates the captured request with its bearer token', () => {
    const meta = fixtureJson<{ headers: Record<string, string> }>('alertmanager/raw/captured-firing.request-meta.json');
    const req = intake(fixtureBytes('alertmanager/raw/captured-firing.raw.json'), meta.headers);
    const secrets = { ...NO_SECRETS, webhookToken: 'test-shared-secret' };
    expect(alertmanagerSource.authenticate(req, secrets, false)).toEqual({ ok: true });
    expect(alertmanagerSource.authenticate(req, { ...secrets, webhookToken: 'other' }, false).ok).toBe(false);
  });
});

describe('alertmanager mapping rules', () => {
  it('flags truncated batches', () => {
    expect(parse({ ...firing, truncatedAlerts: 3 }).truncated).toBe(true);
  });

  it('hashes sorted labels when the fingerprint is missing', () => {
    const body = clone(firing);
    delete body.alerts[0]?.['fingerprint'];
    const labels = body.alerts[0]?.['labels'] as Record<string, string>;
    const reordered = Object.fromEntries(Object.entries(labels).reverse());
    const key = parse(body).alerts[0]?.dedupKey;
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(key).toBe(hashLabels(reordered));
    expect(key).not.toBe(parse(firing).alerts[1]?.dedupKey);
  });

  it('falls back to alertname, coerces label values, caps the title and drops unsafe links', () => {
    const body = clone(firing);
    body.alerts[0] = {
      ...body.alerts[0],
      labels: { alertname: 'Lag', port: 8080, canary: true },
      annotations: {},
      generatorURL: 'javascript:alert(1)',
    };
    body.alerts[1] = { ...body.alerts[1], annotations: { summary: `  ${'x'.repeat(500)}  ` } };
    const [first, second] = parse(body).alerts;
    expect(first).toMatchObject({ title: 'Lag', summary: '', severityHint: undefined });
    expect(first?.labels).toEqual({ alertname: 'Lag', port: '8080', canary: 'true' });
    expect(first?.links.map((l) => l.label)).toEqual(['Alertmanager']);
    expect(second?.title).toHaveLength(200);
    expect(second?.title.endsWith('…')).toBe(true);
    expect(second?.summary).toBe('x'.repeat(500));
  });

  it('accepts an empty group', () => {
    expect(parse({ ...firing, alerts: [] }).alerts).toEqual([]);
  });
});

describe('alertmanager malformed bodies', () => {
  it('names each failing field', () => {
    const body = clone(firing);
    body.alerts[0] = { ...body.alerts[0], fingerprint: 42, status: 'pending', startsAt: 'yesterday' };
    delete body['groupKey'];
    expect(issuePaths(() => parse(body)).sort()).toEqual(
      ['alerts.0.fingerprint', 'alerts.0.startsAt', 'alerts.0.status', 'groupKey'].sort(),
    );
  });
  it('refuses other payload versions, non-string labels and non-JSON', () => {
    expect(issuePaths(() => parse({ ...firing, version: '3' }))).toEqual(['version']);
    const body = clone(firing);
    body.alerts[1] = { ...body.alerts[1], labels: { team: { nested: 1 } } };
    expect(issuePaths(() => parse(body))).toEqual(['alerts.1.labels.team']);
    expect(issuePaths(() => parse(Buffer.from('{"status":')))).toEqual(['']);
    expect(issuePaths(() => parse(Buffer.from('[]')))).toEqual(['']);
  });
});
