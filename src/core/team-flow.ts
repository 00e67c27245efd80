/** Joining and leaving an incident's response. */
import type { Person } from './incident.js';
import * as people from './incident-people.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { personText } from './render-incident.js';

export async function join(service: IncidentService, id: string, actor: Person): Promise<Reply> {
  const { incident } = await service.withIncident(id, (w) => {
    w.apply(people.joinIncident(w.incident, actor, w.now));
    w.say(`${personText(actor)} joined the response.`);
  });
  return { message: message(`You joined ${incident.id}; ${incident.roles.commander?.name ?? 'nobody'} is commander.`) };
}

export async function leave(service: IncidentService, id: string, actor: Person): Promise<Reply> {
  const { incident } = await service.withIncident(id, (w) => {
    w.apply(people.leaveIncident(w.incident, actor, w.now));
    w.say(`${personText(actor)} left the response.`);
  });
  return { message: message(`You left ${incident.id}. Thanks for the help.`) };
}
