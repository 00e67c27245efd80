/** What the outbox and the alert queue of a stopped (or running) bot hold, read through the store on the bench's database. */
import { loadConfig } from '../src/config/load-config.js';
import { openStore } from '../src/store/open-store.js';

export interface QueueState {
  incidents: number;
  /** Alert deliveries of a burst stored and not yet ingested: they wait for the next start. */
  deliveries: number;
  /** Messages not delivered yet: they wait for the next start. */
  queued: number;
  delivered: number;
  /** Messages given up on (`failed: …`): lost to the chat. */
  failed: number;
}

export async function queueState(databaseUrl: string): Promise<QueueState> {
  const config = loadConfig({ FIREBREAK_DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const store = await openStore(config.database, { surfaces: ['web'], now: Date.now });
  try {
    const count = async (filter: 'queued' | 'delivered' | 'failed') => {
      let q = store.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n'));
      if (filter === 'queued') q = q.where('delivered_at', 'is', null);
      else if (filter === 'failed') q = q.where('last_error', 'like', 'failed:%');
      else q = q.where('delivered_at', 'is not', null).where((eb) => eb.or([eb('last_error', 'is', null), eb('last_error', 'not like', 'failed:%')]));
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    const incidents = Number((await store.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const deliveries = await store.deliveries.countQueuedDeliveries();
    return { incidents, deliveries, queued: await count('queued'), delivered: await count('delivered'), failed: await count('failed') };
  } finally {
    await store.close();
  }
}
