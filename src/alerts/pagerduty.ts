import { z } from 'zod';
import type { Alert, AlertBatch } from '../core/alert.js';
import { checkHmacSignatures, checkWebhookToken } from './auth.js';
import { compactLabels, firstText, idValue, toEpochMs, toLinks, toSummary, toTitle } from './mapping.js';
import { parseJsonBody, validatePayload } from './payload.js';
import { toPagerEvent } from './pagerduty-event.js';
import type { AlertSourceDefinition } from './source.js';

const reference = z.looseObject({
  id: idValue,
  summary: z.string().nullish(),
  html_url: z.string().nullish(),
});

/** `event.data` when `data.type === 'incident'` (PagerDuty developer docs, webhooks overview). */
const incidentData = z.looseObject({
  type: z.literal('incident'),
  id: idValue,
  title: z.string().nullish(),
  html_url: z.string().nullish(),
  status: z.string().nullish(),
  created_at: z.string().nullish(),
  urgency: z.string().nullish(),
  priority: z.looseObject({ summary: z.string().nullish() }).nullish(),
  service: reference.nullish(),
});

export const pagerdutyPayloadSchema = z.object({
  event: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    resource_type: z.string().optional(),
    occurred_at: z.string().optional(),
    data: z.looseObject({ type: z.string().optional() }),
  }),
});

const DATA_PATH = ['event', 'data'];

type Event = z.output<typeof pagerdutyPayloadSchema>['event'];

function isIncidentEvent(event: Event): boolean {
  return event.data.type === 'incident';
}

function toIncidentAlert(event: Event): Alert | undefined {
  const resolved = event.event_type === 'incident.resolved';
  const base = { source: 'pagerduty' as const, status: resolved ? ('resolved' as const) : ('firing' as const) };
  const occurredAt = toEpochMs(event.occurred_at);
  if (event.data.type === 'incident') {
    const data = validatePayload(incidentData, event.data, 'PagerDuty', DATA_PATH);
    const severityHint = firstText(data.priority?.summary, data.urgency);
    return {
      ...base,
      // an update (e.g. priority) of an incident PagerDuty already resolved is not a re-fire
      ...(data.status === 'resolved' ? { status: 'resolved' as const } : {}),
      groupKey: data.id,
      dedupKey: data.id,
      title: toTitle(firstText(data.title) ?? `PagerDuty incident ${data.id}`),
      summary: toSummary(`${data.service?.summary ?? 'PagerDuty'}: incident ${data.status ?? event.event_type.slice(9)}`),
      labels: compactLabels({
        event_type: event.event_type,
        service: data.service?.summary,
        urgency: data.urgency,
        incident_status: data.status,
      }),
      severityHint,
      links: toLinks([['PagerDuty', data.html_url]]),
      startedAt: toEpochMs(data.created_at),
      endedAt: resolved ? occurredAt : undefined,
    };
  }
  // Notes, responders, tasks, status updates… name an incident but carry no state: they must not
  // re-fire (and so reopen) an incident that was resolved. Accepted as an empty batch.
  return undefined;
}

/** PagerDuty V3 webhooks: one event per delivery; incident events become alerts, and every incident's event is synced. */
export const pagerdutySource: AlertSourceDefinition = {
  name: 'pagerduty',
  contentTypes: ['application/json'],
  /**
   * `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]` = HMAC-SHA256(secret, raw body); any v1 entry
   * may match any configured secret (rotation); other versions are ignored. No secrets → token rule.
   */
  authenticate(req, secrets, fromLoopback) {
    if (secrets.pagerdutyWebhookSecrets.length === 0) return checkWebhookToken(req, secrets, fromLoopback);
    const signatures = (req.headers['x-pagerduty-signature'] ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.startsWith('v1='))
      .map((entry) => entry.slice(3));
    return checkHmacSignatures(signatures, secrets.pagerdutyWebhookSecrets, [req.body]);
  },
  parse(req): AlertBatch {
    const { event } = validatePayload(pagerdutyPayloadSchema, parseJsonBody(req), 'PagerDuty');
    const alert = isIncidentEvent(event) ? toIncidentAlert(event) : undefined;
    const batch: AlertBatch = { alerts: alert ? [alert] : [], truncated: false };
    // Every event that names an incident is synced onto the linked Firebreak incident (two-way).
    const pagerEvent = toPagerEvent(event);
    if (pagerEvent) batch.pagerEvent = pagerEvent;
    return batch;
  },
  deliveryId: (req) => firstText(req.headers['x-webhook-id']),
};
