/**
 * The SEV2 "orders failing for ~60% of users" incident of a typical runbook, scripted on the
 * manual clock: alert 10:30, ack 10:32, cause 10:35, fix 10:40–10:42, recovered 11:00.
 * Start the app at `SEV2_START`; `actor` says who types (a web person, a Slack user…).
 */
import type { FirebreakApp } from '../../src/app.js';
import type { InteractionContext } from '../../src/core/interactions.js';
import type { ManualClock } from '../../src/core/clock.js';

export const SEV2_START = '2026-03-04T10:30:00Z';
export const PANEL_IMAGE = 'https://grafana.example.com/render/d-solo/orders?panelId=4&width=800';
export const PANEL_URL = 'https://grafana.example.com/d/orders?viewPanel=4';
export const GENERATOR_URL = 'https://grafana.example.com/alerting/orders-5xx/edit';

/** A Grafana unified-alerting notification (the vendor envelope) for the orders alert. */
export function ordersAlert(status: 'firing' | 'resolved', at: string): Record<string, unknown> {
  return {
    receiver: 'firebreak',
    status,
    orgId: 1,
    alerts: [
      {
        status,
        labels: { alertname: 'HighErrorRate', service: 'orders', severity: 'critical' },
        annotations: { summary: 'Orders failing', description: 'Orders failing for ~60% of users (HTTP 500 on checkout)' },
        startsAt: '2026-03-04T10:30:00Z',
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : at,
        generatorURL: GENERATOR_URL,
        fingerprint: 'orders5xx',
        silenceURL: 'https://grafana.example.com/alerting/silence/new',
        dashboardURL: 'https://grafana.example.com/d/orders',
        panelURL: PANEL_URL,
        imageURL: PANEL_IMAGE,
        values: { B: 0.6 },
      },
    ],
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', service: 'orders' },
    commonAnnotations: {},
    externalURL: 'https://grafana.example.com/',
    version: '1',
    groupKey: '{}/{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    title: '[FIRING:1] HighErrorRate',
    state: 'alerting',
    message: 'Orders failing',
  };
}

export interface Sev2Options {
  app: FirebreakApp & { clock: ManualClock };
  /** The context of a person typing in the incident's thread. */
  as: (name: string, incidentId: string) => InteractionContext;
  /** The follow-up's owner as the surface writes a mention (`<@web:bob|Bob>`, `<@U123>`). */
  owner: string;
  /** Runs after each step (deliver the outbox, for a chat platform). */
  between?: () => Promise<void>;
  /** Extra headers of the alert webhooks (a bearer `FIREBREAK_WEBHOOK_TOKEN` when loopback is not trusted). */
  webhookHeaders?: Record<string, string>;
}

/** Runs the whole incident; answers its id. The clock ends at 11:00 UTC, just after resolution. */
export async function runSev2(o: Sev2Options): Promise<string> {
  const { app } = o;
  const at = (hhmm: string) => app.clock.set(Date.parse(`2026-03-04T${hhmm}:00Z`));
  const step = async (hhmm: string, name: string, text: string) => {
    at(hhmm);
    await app.interactions.command(text, o.as(name, id));
    await o.between?.();
  };
  at('10:30');
  const res = await app.server.inject({ method: 'POST', url: '/webhooks/grafana', remoteAddress: '127.0.0.1', headers: { 'content-type': 'application/json', ...o.webhookHeaders }, payload: ordersAlert('firing', '') });
  if (res.statusCode !== 202) throw new Error(`alert refused: ${res.statusCode} ${res.body}`);
  const id = (res.json() as { incidents: string[] }).incidents[0]!;
  await o.between?.();
  await step('10:31', 'Alice', 'sev 2');
  await step('10:32', 'Alice', 'ack');
  await step('10:35', 'Alice', 'note Cause: payments 2.14 exhausts the DB connection pool');
  await step('10:35', 'Alice', 'status identified');
  await step('10:36', 'Alice', 'update Identified: orders fail for ~60% of users since 10:30; payments 2.14 exhausts the DB pool. Rolling back.');
  at('10:40');
  await app.interactions.action('fb.runbook.step', `${id}|error-rate-after-deploy|0|done`, o.as('Alice', id));
  await o.between?.();
  await step('10:42', 'Alice', 'status monitoring');
  await step('10:42', 'Alice', 'update Rollback to payments 2.13 done at 10:42; error rate falling.');
  await step('10:50', 'Alice', `followup ${o.owner} Add a canary stage to payments deploys by 2026-03-18`);
  await step('10:51', 'Alice', 'followup Alert on DB pool saturation');
  at('11:00');
  await app.server.inject({ method: 'POST', url: '/webhooks/grafana', remoteAddress: '127.0.0.1', headers: { 'content-type': 'application/json', ...o.webhookHeaders }, payload: ordersAlert('resolved', '2026-03-04T11:00:00Z') });
  await step('11:00', 'Alice', 'resolve Rolled back payments 2.14; orders recovered at 11:00');
  return id;
}
