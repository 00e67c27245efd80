/** Follow-ups for after the incident: adding one, and closing it. */
import { ConflictError, ValidationError } from './errors.js';
import { event, requireText, touch, type Change, type FollowUp, type Incident, type Person } from './incident.js';

/** A trailing `by 2026-03-10` (or `due 2026-03-10`) is the follow-up's due date, end of that day UTC. */
export function splitDueDate(text: string): { text: string; dueAt?: number } {
  const m = /^(.*\S)\s+(?:by|due)\s+(\d{4}-\d{2}-\d{2})\s*$/i.exec(text.trim());
  const dueAt = m ? Date.parse(`${m[2]}T23:59:59Z`) : NaN;
  return m && Number.isFinite(dueAt) ? { text: m[1]!, dueAt } : { text };
}

export function addFollowUp(incident: Incident, text: string, by: Person, at: number, extra: Pick<FollowUp, 'owner' | 'dueAt'> = {}): Change {
  const due = extra.dueAt === undefined ? splitDueDate(text) : { text };
  if (due.dueAt !== undefined) extra = { ...extra, dueAt: due.dueAt };
  const body = requireText(due.text, 'follow-up');
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
