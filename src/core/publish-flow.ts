/** `/incident publish`: the incident and its status updates go on the public status page. */
import { bold } from './format.js';
import { ConflictError } from './errors.js';
import { event, touch, type Change, type Incident, type Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { personText } from './render-incident.js';

export async function publish(service: IncidentService, id: string, actor: Person): Promise<Reply> {
  const { incident } = await service.withIncident(id, (w) => {
    w.apply(publishIncident(w.incident, actor, w.now));
    w.say(`${personText(actor)} published ${bold(w.incident.id)} on the status page: its title, status and status updates are public now.`);
  });
  return { message: message(`${incident.id} is on the status page: ${service.deps.publicUrl}/status`) };
}

export function publishIncident(incident: Incident, by: Person, at: number): Change {
  if (incident.published) throw new ConflictError(`${incident.id} is on the status page already.`, 'unchanged');
  return { incident: touch({ ...incident, published: { at, by } }, at), events: [event(incident, at, by, 'published')] };
}

