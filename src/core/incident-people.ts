/** Who works an incident: acknowledging, joining and leaving, and roles. */
import { ConflictError } from './errors.js';
import { assertOpen, event, touch, type Change, type Incident, type Person, type Role, type TimelineEvent } from './incident.js';

export function acknowledge(incident: Incident, by: Person, at: number): Change {
  assertOpen(incident);
  const events: TimelineEvent[] = [];
  let next = incident;
  if (incident.acknowledgedAt === null) {
    next = { ...next, acknowledgedAt: at };
    events.push(event(incident, at, by, 'acknowledged'));
  }
  if (!incident.roles.commander) {
    next = { ...next, roles: { ...next.roles, commander: by } };
    events.push(event(incident, at, by, 'role_assigned', { before: null, after: by, data: { role: 'commander' } }));
  }
  if (events.length === 0) return joinIncident(incident, by, at);
  return { incident: touch(next, at), events };
}

/** Adds a responder. The commander and people already on it are told so; nothing changes. */
export function joinIncident(incident: Incident, by: Person, at: number): Change {
  assertOpen(incident);
  if (incident.roles.commander?.id === by.id) throw new ConflictError(`You're the commander of ${incident.id} already.`, 'unchanged');
  if ((incident.responders ?? []).some((p) => p.id === by.id)) throw new ConflictError(`You're on ${incident.id} already.`, 'unchanged');
  return {
    incident: touch({ ...incident, responders: [...(incident.responders ?? []), by] }, at),
    events: [event(incident, at, by, 'responder_joined')],
  };
}

export function leaveIncident(incident: Incident, by: Person, at: number): Change {
  if (!(incident.responders ?? []).some((p) => p.id === by.id)) {
    const hint = incident.roles.commander?.id === by.id ? ' Hand over first: `assign commander @someone`.' : '';
    throw new ConflictError(`You're not a responder of ${incident.id}.${hint}`, 'unchanged');
  }
  return {
    incident: touch({ ...incident, responders: (incident.responders ?? []).filter((p) => p.id !== by.id) }, at),
    events: [event(incident, at, by, 'responder_left')],
  };
}

export function assignRole(incident: Incident, role: Role, person: Person, by: Person, at: number): Change {
  assertOpen(incident);
  if (incident.roles[role]?.id === person.id) {
    throw new ConflictError(`${person.name} is already ${role} of ${incident.id}`, 'unchanged');
  }
  return {
    incident: touch({ ...incident, roles: { ...incident.roles, [role]: person } }, at),
    events: [event(incident, at, by, 'role_assigned', { before: incident.roles[role] ?? null, after: person, data: { role } })],
  };
}

