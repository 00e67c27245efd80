/** A PagerDuty V3 webhook event → the core's PagerEvent, for two-way sync with the linked incident. */
import type { PagerEvent } from '../core/ports.js';
import { clip, firstText, toEpochMs } from './mapping.js';

const TYPES: Record<string, PagerEvent['type']> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
  'incident.annotated': 'annotated',
  'incident.escalated': 'escalated',
  'incident.reassigned': 'reassigned',
  'incident.priority_updated': 'priority_updated',
  'incident.responder.added': 'responder_added',
};

type Loose = Record<string, unknown>;

/** Undefined for events that name no incident (`service.updated`, …). */
export function toPagerEvent(event: { id: string; event_type: string; occurred_at?: string; data: Loose } & Loose): PagerEvent | undefined {
  const data = event.data;
  const isIncident = data.type === 'incident';
  const ref = isIncident ? data : asObject(data.incident);
  const id = text(ref?.id);
  if (!ref || !id) return undefined;
  const incident: PagerEvent['incident'] = { id };
  const url = text(ref.html_url);
  if (url) incident.url = url;
  if (isIncident) {
    if (typeof data.number === 'number') incident.number = data.number;
    const status = text(data.status);
    if (status) incident.status = status;
    const key = text(data.incident_key);
    if (key) incident.key = key;
    if (Array.isArray(data.assignees)) incident.assignees = data.assignees.map((a) => text(asObject(a)?.summary)).filter((s): s is string => !!s);
  }
  const out: PagerEvent = { pager: 'PagerDuty', eventId: event.id, type: TYPES[event.event_type] ?? 'other', incident };
  const agent = asObject(event.agent);
  const agentId = text(agent?.id);
  if (agent && agentId) out.agent = { id: agentId, name: text(agent.summary) ?? agentId };
  const detail = detailOf(out.type, data, incident);
  if (detail) out.text = clip(detail, 4000);
  const at = toEpochMs(event.occurred_at);
  if (at !== undefined) out.at = at;
  return out;
}

function detailOf(type: PagerEvent['type'], data: Loose, incident: PagerEvent['incident']): string | undefined {
  switch (type) {
    case 'annotated':
      return text(data.content);
    case 'priority_updated':
      return text(asObject(data.priority)?.summary) ?? 'no priority';
    case 'responder_added': {
      const who = text(asObject(data.user)?.summary) ?? text(asObject(data.escalation_policy)?.summary);
      const message = text(data.message);
      return [who, message && `“${message}”`].filter(Boolean).join(': ') || undefined;
    }
    case 'escalated':
    case 'reassigned':
      return incident.assignees?.length ? incident.assignees.join(', ') : undefined;
    default:
      return undefined;
  }
}

function asObject(value: unknown): Loose | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? firstText(value) : undefined;
}
