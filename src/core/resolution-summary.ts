/** A resolved incident's summary, added or edited after the resolution without reopening it. */
import { ConflictError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { personText } from './render-incident.js';

export async function editSummary(service: IncidentService, id: string, summary: string, actor: Person): Promise<Reply> {
  const text = life.requireText(summary, 'summary').slice(0, 3000);
  const { result: added } = await service.withIncident(id, (w) => {
    if (w.incident.status !== 'resolved') throw new ConflictError(`${w.incident.id} is open again; resolve it with the summary instead.`, 'illegal_transition');
    const before = w.incident.summary;
    const verb = before ? 'edited' : 'added';
    w.apply({
      incident: life.touch({ ...w.incident, summary: text }, w.now),
      events: [life.event(w.incident, w.now, actor, 'note', { text: `Resolution summary ${verb}: ${text}`, before: before ?? undefined, after: text, data: { summary: true } })],
    });
    w.say(`${personText(actor)} ${verb} the resolution summary of ${bold(w.incident.id)}: ${escapeText(text)}`);
    return !before;
  });
  return { message: message(`${id} stays resolved; its summary was ${added ? 'added' : 'updated'}. The post-mortem uses it.`) };
}
