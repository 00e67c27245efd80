/** `/incident update` and its form: a structured status update in the thread and the status channel. */
import { ValidationError } from './errors.js';
import * as life from './incident.js';
import type { Person, TimelineEvent } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { statusUpdateMessages, updateHeadline, type StatusUpdateFields } from './status-messages.js';
import { formatClock } from './time-format.js';
import { reminderDueAt } from './timers.js';

/** The update form's values (`impact`, `done`, `current`, `next`, `eta`; `text` from the one-field form) as fields. */
export function toUpdateFields(values: Record<string, string | undefined>): StatusUpdateFields {
  const one = (v: string | undefined) => v?.trim() || undefined;
  const lines = (v: string | undefined) => (v ?? '').split('\n').map((l) => l.replace(/^\s*(?:[-*•]|✅|🔄)\s*/u, '').trim()).filter(Boolean);
  return { impact: one(values.impact), done: lines(values.done), current: one(values.current) ?? one(values.text), next: lines(values.next), eta: one(values.eta) };
}

/** The update in one line, as the timeline, the post-mortem and the public status page keep it. */
export function updateSummary(f: StatusUpdateFields): string {
  const rest = f.done.length || f.next.length || f.eta || f.impact;
  const parts = [f.current && rest && !/[.!?]$/.test(f.current) ? `${f.current}.` : f.current];
  if (f.done.length) parts.push(`Done: ${f.done.join('; ')}.`);
  if (f.next.length) parts.push(`Next: ${f.next.join('; ')}.`);
  if (f.eta) parts.push(`ETA: ${f.eta}.`);
  if (f.impact) parts.push(`Impact: ${f.impact}.`);
  return parts.filter(Boolean).join(' ');
}

/** The user impact the latest update reported, if any update did. */
export function latestImpact(timeline: TimelineEvent[]): string | undefined {
  for (const e of [...timeline].reverse()) {
    const impact = e.kind === 'status_update' ? e.data?.impact : undefined;
    if (typeof impact === 'string' && impact) return impact;
  }
  return undefined;
}

/** The ✅ lines of every update so far, in order, each once. */
export function doneLines(timeline: TimelineEvent[]): string[] {
  const lines = timeline.flatMap((e) => (e.kind === 'status_update' && Array.isArray(e.data?.done) ? (e.data.done as unknown[]) : []));
  return [...new Set(lines.filter((l): l is string => typeof l === 'string'))];
}

export async function postUpdate(service: IncidentService, id: string, fields: StatusUpdateFields, actor: Person): Promise<Reply> {
  const summary = updateSummary(fields);
  if (!summary) throw new ValidationError('The update is empty: say where things stand.', [{ path: 'current', message: 'required' }]);
  const impact = fields.impact ?? latestImpact(await service.deps.store.timeline(id));
  const { incident } = await service.withIncident(id, (w) => {
    const change = life.postStatusUpdate(w.incident, summary, actor, w.now);
    const data = { ...change.events[0]!.data, ...structured(fields), nextUpdateAt: reminderDueAt(service.policy, change.incident) };
    w.apply({ incident: change.incident, events: change.events.map((e) => ({ ...e, data })) });
    const { thread, status } = statusUpdateMessages(service.policy, w.incident, { ...fields, impact }, actor, w.now, service.deps.publicUrl);
    w.post(thread);
    w.broadcast(status);
  });
  const next = formatClock(reminderDueAt(service.policy, incident));
  return { message: message(`Update posted to the thread and the status channel. Next update due at ${next}; the reminder clock restarted.`) };
}

/** The fields worth keeping on the timeline event (empty ones left out). */
function structured(f: StatusUpdateFields): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (f.impact) data.impact = f.impact;
  if (f.done.length) data.done = f.done;
  if (f.current) data.current = f.current;
  if (f.next.length) data.next = f.next;
  if (f.eta) data.eta = f.eta;
  data.headline = updateHeadline(f);
  return data;
}
