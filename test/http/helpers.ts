/** Posting to `/webhooks/:source` the way each vendor does: bytes, media type, signature headers. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FirebreakApp } from '../../src/app.js';
import type { AlertSource } from '../../src/core/alert.js';
import type { ChatMessage } from '../../src/core/message.js';
import type { WebMessageRecord } from '../../src/store/web-message-table.js';
import { FIXTURES } from '../fakes/test-app.js';

/** Secrets the signed sources are configured with (the vendors' own test-vector secrets where one exists). */
export const SIGNING_ENV = {
  SENTRY_CLIENT_SECRET: 'sentry-client-secret-test',
  // two secrets: PagerDuty signs with every active secret during rotation
  PAGERDUTY_WEBHOOK_SECRETS: 'retired-pagerduty-secret,lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK',
  GRAFANA_WEBHOOK_SECRET: 'test-hmac-secret',
} as const;

export function fixture(path: string): Buffer {
  return readFileSync(`${FIXTURES}${path}`);
}

export function hmacHex(secret: string, ...parts: (Buffer | string)[]): string {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

/** The ManualClock's default start, in seconds: signed timestamps must be within 5 minutes of the app's now. */
export const TEST_NOW_SECONDS = String(Date.parse('2026-01-05T09:00:00Z') / 1000);

/** The headers the vendor would send with `body`, signed with `SIGNING_ENV` where the source signs. */
export function vendorHeaders(source: AlertSource, body: Buffer, file = '', now = TEST_NOW_SECONDS): Record<string, string> {
  const json = { 'content-type': 'application/json' };
  switch (source) {
    case 'sentry': {
      const resource = /(event_alert|metric_alert|issue)/.exec(file)?.[1] ?? 'issue';
      return { ...json, 'sentry-hook-resource': resource, 'sentry-hook-timestamp': now, 'sentry-hook-signature': hmacHex(SIGNING_ENV.SENTRY_CLIENT_SECRET, body) };
    }
    case 'pagerduty': {
      const current = SIGNING_ENV.PAGERDUTY_WEBHOOK_SECRETS.split(',')[1]!;
      const eventId = (JSON.parse(body.toString('utf8')) as { event?: { id?: string } }).event?.id ?? 'none';
      return { ...json, 'x-webhook-id': eventId, 'x-pagerduty-signature': `v1=${hmacHex('some-other-subscription', body)},v1=${hmacHex(current, body)}` };
    }
    case 'grafana':
      return { ...json, 'x-grafana-alerting-timestamp': now, 'x-grafana-alerting-signature': hmacHex(SIGNING_ENV.GRAFANA_WEBHOOK_SECRET, `${now}:`, body) };
    case 'statuscake':
      return { 'content-type': file.endsWith('.txt') ? 'application/x-www-form-urlencoded' : 'application/json' };
    default:
      return json;
  }
}

export async function post(app: FirebreakApp, source: string, body: Buffer | string | object, headers: Record<string, string> = {}) {
  const payload = Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
  return app.server.inject({ method: 'POST', url: `/webhooks/${source}`, headers: { 'content-type': 'application/json', ...headers }, payload });
}

export interface IntakeReply {
  accepted: number;
  incidents: string[];
  ignored: number;
}

// ── Alertmanager payloads ───────────────────────────────────────────────────

export interface AmAlertSpec {
  fingerprint: string;
  status?: 'firing' | 'resolved';
  labels?: Record<string, string>;
  summary?: string;
  /** When this firing started (a re-fire starts anew); default 2026-01-05T08:59:00Z. */
  startsAt?: string;
  /** When a resolved alert ended; default 2026-01-05T09:10:00Z. */
  endsAt?: string;
}

/** An Alertmanager `version: "4"` notification for group `group` (the group key is built like Alertmanager's). */
export function amGroup(
  group: string,
  alerts: AmAlertSpec[],
  options: { status?: 'firing' | 'resolved'; truncatedAlerts?: number; externalURL?: string; receiver?: string } = {},
) {
  const status = options.status ?? (alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved');
  return {
    receiver: options.receiver ?? 'firebreak',
    status,
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: { alertname: group, instance: a.fingerprint, ...a.labels },
      annotations: { summary: a.summary ?? `${group} on ${a.fingerprint}` },
      startsAt: a.startsAt ?? '2026-01-05T08:59:00Z',
      endsAt: a.status === 'resolved' ? (a.endsAt ?? '2026-01-05T09:10:00Z') : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: a.fingerprint,
    })),
    groupLabels: { alertname: group },
    commonLabels: { alertname: group },
    commonAnnotations: {},
    externalURL: options.externalURL ?? 'http://am-1.example:9093',
    version: '4',
    groupKey: `{}:{alertname="${group}"}`,
    truncatedAlerts: options.truncatedAlerts ?? 0,
  };
}

// ── The web console thread ─────────────────────────────────────────────────

/** Every web console message of one incident's thread, root first. */
export async function threadMessages(app: FirebreakApp, incidentId: string): Promise<WebMessageRecord[]> {
  const roots = await app.store.webMessages.list({ channel: 'incidents', threadId: null });
  const root = roots.find((r) => r.incidentId === incidentId);
  if (!root) return [];
  return [root, ...(await app.store.webMessages.list({ threadId: String(root.id) }))];
}

/** All the visible text of a message (fallback text and text/context blocks). */
export function visibleText(message: ChatMessage): string {
  const parts = message.blocks.map((b) => (b.type === 'text' || b.type === 'context' ? b.text : ''));
  return [message.text, ...parts].join('\n');
}

export function actionIds(message: ChatMessage): string[] {
  return message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.actionId) : []));
}
