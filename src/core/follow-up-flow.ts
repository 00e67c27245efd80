/** Follow-ups: closing one, and the open ones across incidents. */
import { bold, escapeText } from './format.js';
import * as followUps from './follow-ups.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { personText } from './render-incident.js';
import { formatTime } from './time-format.js';

export async function completeFollowUp(service: IncidentService, id: string, n: number, actor: Person): Promise<Reply> {
  const { incident } = await service.withIncident(id, (w) => {
    w.apply(followUps.completeFollowUp(w.incident, n, actor, w.now));
    w.say(`${personText(actor)} completed follow-up #${n}.`);
  });
  const open = incident.followUps.filter((f) => !f.doneAt).length;
  return { message: message(`Follow-up #${n} of ${incident.id} is done; ${open} still open.`) };
}

const LIMIT = 30;

/** `/incident list followups`: what is still to do, oldest incident first. */
export async function listOpenFollowUps(service: IncidentService): Promise<Reply> {
  const incidents = await service.deps.store.listIncidents({ limit: 500 });
  const open = incidents
    .reverse()
    .flatMap((i) => i.followUps.filter((f) => !f.doneAt).map((f) => ({ incident: i, followUp: f })));
  if (open.length === 0) return { message: message('No open follow-ups. 🎉') };
  const lines = open.slice(0, LIMIT).map(({ incident, followUp: f }) => {
    const owner = f.owner ? ` — ${personText(f.owner)}` : '';
    const due = f.dueAt ? `, due ${formatTime(f.dueAt).slice(0, 10)}` : '';
    return `${bold(incident.id)} #${f.id} ${escapeText(f.text)}${owner}${due}`;
  });
  if (open.length > LIMIT) lines.push(`_…and ${open.length - LIMIT} more_`);
  return { message: message(`${bold(`${open.length} open follow-ups`)}\n${lines.join('\n')}`) };
}
