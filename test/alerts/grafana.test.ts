import { describe, expect, it } from 'vitest';
import { grafanaSource } from '../../src/alerts/grafana.js';
import { clone, fixtureBytes, fixtureJson, intake, issuePaths, NO_SECRETS } from './helpers.js';

const FIRING = 'grafana/webhook-firing.vendor-doc.json';
const vector = fixtureJson<Record<string, string>>('grafana/hmac-test-vector.json');
const body = fixtureBytes(FIRING);
const secrets = { ...NO_SECRETS, grafanaWebhookSecret: vector['secret'] };

describe('grafana fixtures', () => {
  it('maps the vendor firing example', () => {
    const batch = grafanaSource.parse(intake(body));
    expect(batch).toMatchObject({ truncated: false, groupStatus: 'firing' });
    expect(batch.alerts.map((a) => [a.source, a.groupKey, a.dedupKey, a.status, a.title])).toEqual([
      ['grafana', '{}:{}', 'c6eadffa33fcdf37', 'firing', 'This alert was triggered for zone us-1'],
      ['grafana', '{}:{}', 'bc97ff14869b13e3', 'firing', 'This alert was triggered for zone eu-1'],
    ]);
    const first = batch.alerts[0];
    expect(first?.summary).toBe('The system has high memory usage');
    expect(first?.labels).toEqual({ alertname: 'High memory usage', team: 'blue', zone: 'us-1' });
    expect(first?.startedAt).toBe(Date.parse('2021-10-12T07:51:03.157Z'));
    expect(first?.endedAt).toBeUndefined();
    // empty dashboardURL / panelURL are not links
    expect(first?.links.map((l) => l.label)).toEqual(['Source', 'Silence', 'Grafana', 'Runbook']);
  });

  it('maps the resolved example', () => {
    const batch = grafanaSource.parse(intake(fixtureBytes('grafana/webhook-resolved.derived.json')));
    expect(batch.groupStatus).toBe('resolved');
    expect(batch.alerts.map((a) => [a.dedupKey, a.status, a.endedAt])).toEqual([
      ['c6eadffa33fcdf37', 'resolved', Date.parse('2021-10-12T08:06:03.157Z')],
    ]);
  });

  it('links the dashboard and panel when present', () => {
    const json = clone(fixtureJson<{ alerts: Record<string, unknown>[] }>(FIRING));
    json.alerts[0] = { ...json.alerts[0], dashboardURL: 'https://g.example/d/1', panelURL: 'https://g.example/d/1?viewPanel=2' };
    const links = grafanaSource.parse(intake(json)).alerts[0]?.links;
    expect(links?.map((l) => l.label)).toEqual(['Source', 'Dashboard', 'Panel', 'Silence', 'Grafana', 'Runbook']);
  });

  it('names failing fields', () => {
    const json = clone(fixtureJson<{ alerts: Record<string, unknown>[] }>(FIRING));
    json.alerts[1] = { ...json.alerts[1], silenceURL: 7, labels: 'team=blue' };
    expect(issuePaths(() => grafanaSource.parse(intake(json))).sort()).toEqual(['alerts.1.labels', 'alerts.1.silenceURL']);
  });
});

describe('grafana HMAC', () => {
  const signed = (headers: Record<string, string>, bytes = body) => intake(bytes, headers);
  const noTs = { 'x-grafana-alerting-signature': vector['signature_without_timestamp'] ?? '' };
  const withTs = {
    'x-grafana-alerting-signature': vector['signature_with_timestamp'] ?? '',
    'x-grafana-alerting-timestamp': vector['timestamp'] ?? '',
  };

  it('verifies both test vectors', () => {
    expect(grafanaSource.authenticate(signed(noTs), secrets, false)).toEqual({ ok: true });
    expect(grafanaSource.authenticate(signed(withTs), secrets, false)).toEqual({ ok: true });
  });

  it('refuses a tampered body, a wrong secret, a changed timestamp or no signature', () => {
    const tampered = Buffer.concat([body, Buffer.from(' ')]);
    expect(grafanaSource.authenticate(signed(noTs, tampered), secrets, true).ok).toBe(false);
    expect(grafanaSource.authenticate(signed(noTs), { ...secrets, grafanaWebhookSecret: 'nope' }, true).ok).toBe(false);
    const ts = { ...withTs, 'x-grafana-alerting-timestamp': '1700000001' };
    expect(grafanaSource.authenticate(signed(ts), secrets, true).ok).toBe(false);
    const tsSigWithoutTs = { 'x-grafana-alerting-signature': withTs['x-grafana-alerting-signature'] };
    expect(grafanaSource.authenticate(signed(tsSigWithoutTs), secrets, true).ok).toBe(false);
    expect(grafanaSource.authenticate(signed({}), secrets, true).ok).toBe(false);
  });

  it('uses the token rule when no secret is configured', () => {
    expect(grafanaSource.authenticate(signed(noTs), NO_SECRETS, false).ok).toBe(false);
    expect(grafanaSource.authenticate(signed({}), NO_SECRETS, true)).toEqual({ ok: true });
    const token = { ...NO_SECRETS, webhookToken: 't' };
    expect(grafanaSource.authenticate(signed({ authorization: 'Bearer t' }), token, false)).toEqual({ ok: true });
  });
});
