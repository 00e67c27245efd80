/**
 * The real Prometheus Alertmanager posts to Firebreak on loopback: fire an alert through its API,
 * see the incident open; end it, see the incident's alert resolve. Never skipped: CI installs the
 * Debian package, and a missing binary fails with the install command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../src/core/ports.js';
import { startAlertmanager, webhookConfig, type RunningAlertmanager } from '../fakes/alertmanager-process.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { threadMessages } from '../http/helpers.js';

const TOKEN = 'am-integration-secret';
const LABELS = { alertname: 'FirebreakIntegration', service: 'checkout', severity: 'critical' };

let app: TestApp;
let am: RunningAlertmanager | undefined;

beforeAll(async () => {
  // the manual clock starts at the real time: Alertmanager stamps alerts with it
  app = await createTestApp({ env: { FIREBREAK_WEBHOOK_TOKEN: TOKEN }, start: new Date().toISOString() });
  const url = await app.listen();
  am = await startAlertmanager(app.dir, webhookConfig(`${url}/webhooks/alertmanager`, TOKEN));
});

afterAll(async () => {
  await am?.stop();
  await app?.close();
});

async function postAlerts(alerts: object[]): Promise<void> {
  const res = await fetch(`${am!.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  expect(res.status, await res.text()).toBe(200);
}

/** Polls `probe` (delivering the outbox each time) until it answers something, at most `withinMs`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, withinMs = 20_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    await app.scheduler.tick();
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${withinMs} ms. Alertmanager log:\n${am?.log().slice(-4000)}`);
}

describe('Prometheus Alertmanager → Firebreak', () => {
  it('fires an incident and resolves its alert, authenticated with the bearer token', async () => {
    const fired = Date.now();
    await postAlerts([{ labels: LABELS, annotations: { summary: 'High 5xx rate on checkout' }, startsAt: new Date().toISOString(), generatorURL: 'http://prometheus.example:9090/graph' }]);

    const incident = await eventually('the incident opening', async () => (await app.store.listIncidents())[0]);
    const fireMs = Date.now() - fired;
    expect(incident).toMatchObject({ title: 'FirebreakIntegration · service=checkout', description: 'High 5xx rate on checkout', severity: 'SEV1', source: 'alert:alertmanager', status: 'investigating' });
    const [alert] = await app.store.alertsOf(incident.id);
    expect(alert).toMatchObject({ status: 'firing', groupKey: '{}:{alertname="FirebreakIntegration", service="checkout"}', labels: LABELS });
    expect(alert!.dedupKey).toMatch(/^[0-9a-f]{16}$/); // Alertmanager's fingerprint

    const ended = Date.now();
    await postAlerts([{ labels: LABELS, endsAt: new Date().toISOString() }]);
    const resolved = await eventually('the alert resolving', async () => {
      const alerts = await app.store.alertsOf(incident.id);
      return alerts.length > 0 && alerts.every((a) => a.status === 'resolved') ? alerts : undefined;
    });
    const resolveMs = Date.now() - ended;

    expect(resolved.map((a: StoredAlert) => a.dedupKey)).toEqual([alert!.dedupKey]);
    expect(await app.store.listIncidents()).toHaveLength(1);
    const texts = (await threadMessages(app, incident.id)).map((m) => m.message.text);
    expect(texts).toContain(`All alerts of ${incident.id} have resolved`);
    const deliveries = app.logs.filter((l) => l.url === '/webhooks/alertmanager').map((l) => l.status);
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(deliveries.filter((status) => status !== 202)).toEqual([]); // never a 401: the token was sent
    console.info(`alertmanager round trip: incident open ${fireMs} ms after firing, alert resolved ${resolveMs} ms after ending`);
  }, 60_000);
});
