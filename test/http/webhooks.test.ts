import { afterEach, describe, expect, it } from 'vitest';
import type { AlertSource } from '../../src/core/alert.js';
import { sampleAlert } from '../../src/http/sample-alert.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, fixture, hmacHex, post, SIGNING_ENV, vendorHeaders, type IntakeReply } from './helpers.js';

const TOKEN = 'test-shared-secret'; // the token the captured Alertmanager requests carry
const BEARER = { authorization: `Bearer ${TOKEN}` };

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/** Every delivery fixture, in the order a vendor would send them; `incidents` = how many the reply names. */
const FIXTURES: [AlertSource, string, { accepted: number; incidents: number }][] = [
  ['alertmanager', 'alertmanager/captured-firing.json', { accepted: 2, incidents: 1 }],
  ['alertmanager', 'alertmanager/captured-resolved.json', { accepted: 1, incidents: 1 }],
  ['alertmanager', 'alertmanager/captured-single-alert-firing.json', { accepted: 1, incidents: 1 }],
  ['alertmanager', 'alertmanager/captured-single-alert-resolved.json', { accepted: 1, incidents: 1 }],
  ['alertmanager', 'alertmanager/captured-resolved-amtool.json', { accepted: 1, incidents: 0 }], // resolved only: nothing to open
  ['alertmanager', 'alertmanager/raw/captured-firing.raw.json', { accepted: 2, incidents: 1 }],
  ['alertmanager', 'alertmanager/raw/captured-resolved.raw.json', { accepted: 1, incidents: 1 }],
  ['grafana', 'grafana/webhook-firing.vendor-doc.json', { accepted: 2, incidents: 1 }],
  ['grafana', 'grafana/webhook-resolved.derived.json', { accepted: 1, incidents: 1 }],
  ['pagerduty', 'pagerduty/incident.triggered.derived.json', { accepted: 1, incidents: 1 }],
  ['pagerduty', 'pagerduty/incident.acknowledged.derived.json', { accepted: 1, incidents: 1 }],
  ['pagerduty', 'pagerduty/incident.annotated.derived.json', { accepted: 0, incidents: 0 }], // a note: no alert state
  ['pagerduty', 'pagerduty/incident.priority_updated.vendor-doc.json', { accepted: 1, incidents: 1 }],
  ['pagerduty', 'pagerduty/signature-test-vector.body.json', { accepted: 1, incidents: 1 }],
  ['pagerduty', 'pagerduty/incident.resolved.derived.json', { accepted: 1, incidents: 1 }],
  ['pagerduty', 'pagerduty/service.updated.vendor-doc.json', { accepted: 0, incidents: 0 }], // not an incident event
  ['sentry', 'sentry/event_alert.issue-alert.triggered.json', { accepted: 1, incidents: 1 }],
  ['sentry', 'sentry/issue.created.json', { accepted: 1, incidents: 1 }],
  ['sentry', 'sentry/issue.created.compact.body.json', { accepted: 1, incidents: 1 }],
  ['sentry', 'sentry/metric_alert.resolved.json', { accepted: 1, incidents: 0 }], // resolved only
  ['statuscake', 'statuscake/down.form.txt', { accepted: 1, incidents: 1 }],
  ['statuscake', 'statuscake/up.form.txt', { accepted: 1, incidents: 1 }],
  ['statuscake', 'statuscake/down.fields.json', { accepted: 1, incidents: 1 }],
  ['statuscake', 'statuscake/up.fields.json', { accepted: 1, incidents: 1 }],
  ['datadog', 'datadog/default-payload.rendered.triggered.constructed.json', { accepted: 1, incidents: 1 }],
  ['datadog', 'datadog/recommended-payload.rendered.recovered.constructed.json', { accepted: 1, incidents: 0 }], // other key, resolved
];
// Not deliveries: pagerduty/event-data-types (a map of data shapes), the Datadog `$VAR` templates, the signature vectors.

describe('POST /webhooks/:source with every fixture', () => {
  const sources = [...new Set(FIXTURES.map(([s]) => s)), 'generic' as const];

  it.each(sources)('%s: every fixture answers 202 and the incidents it names are stored', async (source) => {
    app = await createTestApp({ env: { ...SIGNING_ENV, FIREBREAK_WEBHOOK_TOKEN: TOKEN } });
    const bodies: [string, Buffer, { accepted: number; incidents: number }][] = FIXTURES.filter(([s]) => s === source).map(([, file, expected]) => [file, fixture(file), expected]);
    if (source === 'generic') bodies.push(['sample', Buffer.from(JSON.stringify(sampleAlert(app.clock.now()))), { accepted: 1, incidents: 1 }]);
    const named = new Set<string>();
    for (const [file, body, expected] of bodies) {
      const signed = ['sentry', 'pagerduty', 'grafana'].includes(source);
      const res = await post(app, source, body, { ...vendorHeaders(source, body, file), ...(signed ? {} : BEARER) });

      expect(res.statusCode, `${file}: ${res.body}`).toBe(202);
      const reply = res.json<IntakeReply>();
      expect(reply, file).toMatchObject({ accepted: expected.accepted });
      expect(reply.incidents, file).toHaveLength(expected.incidents);
      for (const id of reply.incidents) {
        expect(await app.store.getIncident(id), `${file} → ${id}`).toMatchObject({ id, source: `alert:${source}` });
        named.add(id);
      }
    }
    expect(named.size).toBeGreaterThan(0);
    expect((await app.store.listIncidents()).map((i) => i.id).sort()).toEqual([...named].sort());
  });

  it('the signing helpers reproduce the vendors’ own test vectors', () => {
    const sentry = JSON.parse(fixture('sentry/signature-test-vector.json').toString()) as { headers: Record<string, string> };
    expect(vendorHeaders('sentry', fixture('sentry/issue.created.compact.body.json'))['sentry-hook-signature']).toBe(sentry.headers['Sentry-Hook-Signature']);
    const pd = JSON.parse(fixture('pagerduty/signature-test-vector.json').toString()) as { header_valid: string };
    expect(vendorHeaders('pagerduty', fixture('pagerduty/signature-test-vector.body.json'))['x-pagerduty-signature']).toContain(pd.header_valid);
    const grafana = JSON.parse(fixture('grafana/hmac-test-vector.json').toString()) as { signature_with_timestamp: string };
    expect(vendorHeaders('grafana', fixture('grafana/webhook-firing.vendor-doc.json'), '', '1700000000')['x-grafana-alerting-signature']).toBe(grafana.signature_with_timestamp);
  });
});

describe('intake refusals', () => {
  it('400 names every failing field and keeps the body as a dead letter, visible in /api/dead-letters', async () => {
    app = await createTestApp({ env: { FIREBREAK_WEBHOOK_TOKEN: TOKEN } });
    const broken = amGroup('Broken', [{ fingerprint: 'a1' }]) as Record<string, unknown>;
    (broken.alerts as Record<string, unknown>[])[0]!.status = 'burning';
    delete broken.groupKey;
    const body = JSON.stringify(broken);

    const res = await post(app, 'alertmanager', body, { ...BEARER, 'user-agent': 'Alertmanager/0.25.0' });

    expect(res.statusCode).toBe(400);
    const reply = res.json<{ issues: { path: string }[]; deadLetterId: number }>();
    expect(reply.issues.map((i) => i.path).sort()).toEqual(['alerts.0.status', 'groupKey']);
    const letters = (await app.server.inject({ method: 'GET', url: '/api/dead-letters' })).json<{ deadLetters: Record<string, unknown>[] }>();
    expect(letters.deadLetters).toEqual([
      expect.objectContaining({ id: reply.deadLetterId, source: 'alertmanager', body, headers: expect.objectContaining({ 'content-type': 'application/json', 'user-agent': 'Alertmanager/0.25.0', 'firebreak-body-bytes': String(Buffer.byteLength(body)) }) }),
    ]);
    expect(String(letters.deadLetters[0]!.reason)).toContain('Alertmanager');
    expect(await app.store.listIncidents()).toEqual([]);

    const notJson = await post(app, 'generic', '{"title": ', BEARER);
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual(['']);
    expect(await app.store.listDeadLetters()).toHaveLength(2);
  });

  it('401 for a missing or wrong token; bearer and basic both accepted', async () => {
    app = await createTestApp({ env: { FIREBREAK_WEBHOOK_TOKEN: TOKEN } });
    const alert = { title: 'Disk full', dedupKey: 'disk' };
    const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

    expect((await post(app, 'generic', alert)).statusCode).toBe(401); // loopback is not enough once a token is set
    expect((await post(app, 'generic', alert, { authorization: 'Bearer nope' })).statusCode).toBe(401);
    expect((await post(app, 'generic', alert, { authorization: basic('am', 'nope') })).statusCode).toBe(401);
    expect((await post(app, 'generic', alert, { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(202);
    expect((await post(app, 'generic', alert, { authorization: basic('alertmanager', TOKEN) })).statusCode).toBe(202);
    expect(await app.store.listDeadLetters()).toEqual([]);
  });

  it('without a token only loopback clients may post', async () => {
    app = await createTestApp();
    const remote = await app.server.inject({ method: 'POST', url: '/webhooks/generic', remoteAddress: '10.1.2.3', headers: { 'content-type': 'application/json' }, payload: { title: 'x' } });
    expect(remote.statusCode).toBe(401);
    expect((await post(app, 'generic', { title: 'x' })).statusCode).toBe(202);
  });

  it.each([
    ['sentry', 'sentry/issue.created.json', 'sentry-hook-signature'],
    ['pagerduty', 'pagerduty/incident.triggered.derived.json', 'x-pagerduty-signature'],
    ['grafana', 'grafana/webhook-firing.vendor-doc.json', 'x-grafana-alerting-signature'],
  ] as const)('%s: 401 for a bad or missing signature', async (source, file, header) => {
    app = await createTestApp({ env: SIGNING_ENV });
    const body = fixture(file);
    const headers = vendorHeaders(source, body, file);
    const tampered = Buffer.from(body.toString('utf8').replace('"', ' "')); // same JSON, other bytes

    expect((await post(app, source, tampered, headers)).statusCode).toBe(401);
    expect((await post(app, source, body, { ...headers, [header]: source === 'pagerduty' ? `v1=${hmacHex('wrong', body)}` : hmacHex('wrong', body) })).statusCode).toBe(401);
    const { [header]: _omitted, ...unsigned } = headers;
    expect((await post(app, source, body, unsigned)).statusCode).toBe(401);
    expect(await app.store.listIncidents()).toEqual([]);
    expect((await post(app, source, body, headers)).statusCode).toBe(202);
  });

  it('415 for text/plain, 404 for an unknown source', async () => {
    app = await createTestApp();
    const body = JSON.stringify({ title: 'x' });
    const plain = await post(app, 'generic', body, { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(415);
    expect(plain.json()).toMatchObject({ error: 'unsupported_media_type' });
    const unknown = await post(app, 'nagios', body);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'unknown_source' });
    expect(await app.store.listDeadLetters()).toEqual([]);
  });
});
