/** Mapping between table rows and core types. */
import type { Selectable } from 'kysely';
import type { Incident, TimelineEvent } from '../core/incident.js';
import type { Destination, MessageRef, OutboxRow, StoredAlert } from '../core/ports.js';
import type { Database } from './schema.js';

export function toIncidentRow(incident: Incident): Database['incidents'] {
  return {
    id: incident.id,
    seq: incident.seq,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    declared_at: incident.declaredAt,
    resolved_at: incident.resolvedAt,
    updated_at: incident.updatedAt,
    data: JSON.stringify(incident),
  };
}

export function toIncident(row: Pick<Database['incidents'], 'data'>): Incident {
  return JSON.parse(row.data) as Incident;
}

export function toTimelineRow(event: TimelineEvent) {
  return {
    incident_id: event.incidentId,
    at: event.at,
    kind: event.kind,
    actor: event.actor.id,
    event: JSON.stringify(event),
  };
}

export function toTimelineEvent(row: Pick<Database['timeline'], 'event'>): TimelineEvent {
  return JSON.parse(row.event) as TimelineEvent;
}

export function toAlertRow(alert: StoredAlert): Database['alerts'] {
  return {
    source: alert.source,
    dedup_key: alert.dedupKey,
    group_key: alert.groupKey,
    incident_id: alert.incidentId,
    status: alert.status,
    first_seen_at: alert.firstSeenAt,
    last_seen_at: alert.lastSeenAt,
    data: JSON.stringify(alert),
  };
}

/** `last_seen_at` is the column's (a resend moves only the column), when it was read. */
export function toStoredAlert(row: Pick<Database['alerts'], 'data'> & Partial<Pick<Database['alerts'], 'last_seen_at'>>): StoredAlert {
  const alert = JSON.parse(row.data) as StoredAlert;
  if (row.last_seen_at !== undefined) alert.lastSeenAt = Number(row.last_seen_at);
  return alert;
}

/** Messages to one thread, or one channel, of one surface are delivered in order: that is a lane. */
export function laneOf(surface: string, to: Destination): string {
  return to.kind === 'thread' ? `${surface}:thread:${to.incidentId}` : `${surface}:channel:${to.channel}`;
}

export function toOutboxRow(row: Selectable<Database['outbox']>): OutboxRow {
  const out: OutboxRow = {
    id: Number(row.id),
    surface: row.surface,
    to: JSON.parse(row.destination) as Destination,
    op: row.op as OutboxRow['op'],
    message: JSON.parse(row.message),
    attempts: Number(row.attempts),
    tries: Number(row.tries),
    dueAt: Number(row.due_at),
    createdAt: Number(row.created_at),
  };
  if (row.msg_key !== null) out.key = row.msg_key;
  if (row.progress) out.progress = JSON.parse(row.progress) as MessageRef;
  return out;
}
