/** A page request → an Events API v2 event (trigger, acknowledge or resolve), keyed by the incident id. */
import type { PageRequest } from '../core/ports.js';

export type EventSeverity = 'critical' | 'error' | 'warning' | 'info';

export const DEFAULT_SEVERITIES: Record<string, EventSeverity> = { SEV1: 'critical', SEV2: 'error', SEV3: 'warning', SEV4: 'info' };

export interface EventRouting {
  /** PAGERDUTY_ROUTING_KEY: the default integration. */
  routingKey?: string;
  /** Policy `pagerduty.services`: `page checkout` → that service's integration key. */
  services: Readonly<Record<string, string>>;
  /** Policy `pagerduty.severities`: overrides of DEFAULT_SEVERITIES. */
  severities: Readonly<Record<string, EventSeverity>>;
}

/** The routing key a request goes to: the target's service, else the default; undefined when there is none. */
export function routingKeyFor(request: PageRequest, routing: EventRouting): string | undefined {
  const target = request.target?.trim();
  return (target && routing.services[target]) || routing.routingKey;
}

export function toEvent(request: PageRequest, routingKey: string, routing: EventRouting, source: string): Record<string, unknown> {
  const action = request.action ?? 'trigger';
  const base = { routing_key: routingKey, event_action: action, dedup_key: request.incidentId.slice(0, 255) };
  if (action !== 'trigger') return base;
  const severity = (request.severity && (routing.severities[request.severity] ?? DEFAULT_SEVERITIES[request.severity])) || 'error';
  const details: Record<string, string> = { incident: request.incidentId, severity: request.severity ?? 'untriaged' };
  if (request.details?.impact) details.impact = request.details.impact.slice(0, 2000);
  if (request.details?.commander) details.commander = request.details.commander;
  if (request.details?.status) details.status = request.details.status;
  if (request.target && !routing.services[request.target]) details.requested_target = request.target;
  return {
    ...base,
    payload: { summary: request.summary.slice(0, 1024), source, severity, custom_details: details },
    client: 'Firebreak',
    client_url: request.link,
    links: [{ href: request.link, text: `${request.incidentId} in Firebreak (thread and timeline)` }],
  };
}
