/**
 * Property-based fuzzing of every webhook route, the console API and the chat endpoints: never a
 * 5xx but 503, never an unhandled rejection, every refusal a 4xx that says why. Bounded runs.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/chat/slack/verify-signature.js';
import { ALERT_SOURCES } from '../../src/core/alert.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { fixture } from '../http/helpers.js';
import { chatEnv, closeSlack } from './env.js';
import { anyBody, anyHeaders, anyText, mutatedJson } from './fuzz-arbitraries.js';

const RUNS = 200;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);
beforeAll(() => void process.on('unhandledRejection', onRejection));
afterAll(() => void process.off('unhandledRejection', onRejection));

let app: TestApp;
let stopSlack: (() => Promise<void>) | undefined;
afterEach(async () => {
  await app.close();
  await stopSlack?.();
  stopSlack = undefined;
  expect(rejections).toEqual([]);
});

type Answer = { statusCode: number; body: string; headers: Record<string, unknown> };
function expectClearAnswer(res: Answer, what: string, json = true): void {
  expect(res.statusCode >= 500 && res.statusCode !== 503, `${what} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBe(false);
  if (json && res.statusCode >= 400 && res.statusCode < 500 && String(res.headers['content-type']).includes('json')) {
    const answer = JSON.parse(res.body) as { error?: unknown; message?: unknown };
    expect(typeof answer.error === 'string' || typeof answer.message === 'string', `${what}: ${res.body.slice(0, 200)}`).toBe(true);
  }
}

const FIXTURES: Record<string, string> = {
  alertmanager: 'alertmanager/captured-firing.json',
  grafana: 'grafana/webhook-firing.vendor-doc.json',
  sentry: 'sentry/issue.created.json',
  pagerduty: 'pagerduty/incident.triggered.derived.json',
  datadog: 'datadog/default-payload.rendered.triggered.constructed.json',
  statuscake: 'statuscake/down.fields.json',
};
const GENERIC = { alerts: [{ title: 'Checkout down', dedupKey: 'a', groupKey: 'g', status: 'firing', labels: { team: 'shop' }, links: [{ label: 'x', url: 'https://x.example' }] }] };

describe('fuzzing', () => {
  it.each(ALERT_SOURCES)('POST /webhooks/%s', async (source) => {
    app = await createTestApp();
    const path = FIXTURES[source];
    const seed: unknown = path ? JSON.parse(fixture(path).toString('utf8')) : GENERIC;
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBody(), mutatedJson(seed)), anyHeaders(), async (body, headers) => {
        const res = await app.server.inject({ method: 'POST', url: `/webhooks/${source}`, headers, payload: body });
        expectClearAnswer(res, `${source} ${JSON.stringify(headers)}`);
      }),
      { numRuns: RUNS, seed: 12 },
    );
  }, 120_000);

  it('the console API and the console', async () => {
    app = await createTestApp();
    const requests = fc.oneof(
      fc.record({ method: fc.constant('POST' as const), url: fc.constantFrom('/console/api/command', '/console/api/action', '/console/api/submit', '/api/incidents'), payload: fc.oneof(fc.jsonValue(), fc.record({ text: anyText(), actionId: anyText(), value: anyText(), modalId: anyText(), incidentId: anyText(), title: anyText(), severity: anyText(), values: fc.dictionary(anyText(), fc.jsonValue()) }, { requiredKeys: [] })).map((v) => JSON.stringify(v)) }),
      fc.record({ method: fc.constant('GET' as const), url: fc.tuple(fc.constantFrom('/api/incidents', '/api/dead-letters', '/console/api/messages', '/api/incidents/', '/incidents/'), anyText()).map(([path, rest]) => (path.endsWith('/') ? `${path}${encodeURIComponent(rest)}` : `${path}?${rest}`)), payload: fc.constant(undefined) }),
    );
    await fc.assert(
      fc.asyncProperty(requests, async (req) => {
        const res = await app.server.inject({ ...req, headers: { 'content-type': 'application/json', cookie: 'fb_name=Ann' } });
        expectClearAnswer(res, `${req.method} ${req.url} ${req.payload ?? ''}`);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  }, 120_000);

  it('the Slack and Discord endpoints, unsigned and (Slack) signed', async () => {
    const chats = await chatEnv();
    stopSlack = () => closeSlack(chats.slack);
    app = await createTestApp({ env: chats.env });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/slack/events', '/discord/interactions'), anyBody(), anyHeaders(), fc.boolean(), async (url, body, headers, sign) => {
        const raw = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
        const ts = String(Math.floor(app.clock.now() / 1000));
        const signed = sign && url === '/slack/events' ? { 'x-slack-request-timestamp': ts, 'x-slack-signature': signSlackRequest(chats.env.SLACK_SIGNING_SECRET!, ts, raw) } : {};
        const res = await app.server.inject({ method: 'POST', url, headers: { ...headers, ...signed }, payload: raw });
        expectClearAnswer(res, `${url} ${res.statusCode}`, false);
        expect(res.statusCode).toBeLessThan(600);
      }),
      { numRuns: RUNS, seed: 3 },
    );
  }, 120_000);
});
