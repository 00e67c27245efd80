/** Declares an incident straight through the store, as the core would, for tests of the store itself. */
import { declareIncident } from '../../src/core/incident.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { person } from '../fakes/test-app.js';

export function declareIn(store: KyselyStore, title: string): Promise<string> {
  return store.transaction(async (tx) => {
    const { incident, events } = declareIncident(await tx.nextIncidentSeq(), { title, declaredBy: person('Alice'), source: 'test' }, 0);
    await tx.insertIncident(incident);
    await tx.appendTimeline(events);
    return incident.id;
  });
}
