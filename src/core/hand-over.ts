/** The header's "Hand command to…" select: one click makes a responder the incident commander. */
import { NotFoundError } from './errors.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { assign } from './respond.js';

export async function handOver(service: IncidentService, id: string, personId: string, actor: Person): Promise<Reply> {
  const incident = await service.get(id);
  const people = [...(incident.responders ?? []), ...Object.values(incident.roles)].filter((p): p is Person => Boolean(p));
  const person = people.find((p) => p.id === personId);
  if (!person) throw new NotFoundError(`${personId} is not on ${id}; they can join with /incident join first.`);
  await assign(service, id, 'commander', person, actor);
  return { message: message(`${person.name} is now incident commander of ${id}.`) };
}
