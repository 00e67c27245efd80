/** Follow-ups for after the incident: adding one, and closing it. */
import { ConflictError, ValidationError } from './errors.js';
import { event, requireText, touch, type Change, type FollowUp, type Incident, type Person } from './incident.js';

export function addFollowUp(incident: Incident, text: string, by: Person, at: number, extra: Pick<FollowUp, 'owner' | 'dueAt'> = {}): Change {
  const body = requireText(text, 'follow-up');
  const id = incident.followUps.reduce((max, f) => Math.max(max, f.id), 0) + 1;
  return {
    incident: touch({ ...incident, followUps: [...incident.followUps, { id, text: body, createdBy: by, createdAt: at, ...extra }] }, at),
    events: [event(incident, at, by, 'followup_added', { text: body, data: { followUpId: id, ...extra } })],
  };
}

export function completeFollowUp(incident: Incident, n: number, by: Person, at: number): Change {
  const item = incident.followUps.find((f) => f.id === n);
  if (!item) throw new ValidationError(`${incident.id} has no follow-up #${n}`, [{ path: 'followUp', message: 'unknown' }]);
  if (item.doneAt) throw new ConflictError(`Follow-up #${n} of ${incident.id} is done already.`, 'unchanged');
  return {
    incident: touch({ ...incident, followUps: incident.followUps.map((f) => (f.id === n ? { ...f, doneAt: at, doneBy: by } : f)) }, at),
    events: [event(incident, at, by, 'followup_done', { text: item.text, data: { followUpId: n } })],
  };
}
