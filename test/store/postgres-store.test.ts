import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, type RunningPostgres } from '../fakes/embedded-postgres.js';
import { describeStoreContract } from './store-contract.js';

let server: RunningPostgres;
let databases = 0;

beforeAll(async () => {
  server = await startPostgres();
  // Migrated once; each test gets a copy.
  const store = await openStore({ kind: 'postgres', url: await server.createDatabase('migrated') }, { surfaces: ['web'], now: Date.now });
  await store.migrate();
  await store.close();
});
afterAll(async () => {
  await server?.stop();
});

describeStoreContract('Postgres', async () => {
  const url = await server.createDatabase(`contract_${++databases}`, { template: 'migrated' });
  const store = await openStore({ kind: 'postgres', url, poolSize: 4 }, { surfaces: ['web'], now: () => Date.parse('2026-03-04T10:00:00Z') });
  await store.migrate();
  return { store, close: () => store.close() };
});
