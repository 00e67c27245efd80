/**
 * The built Firebreak moved from SQLite to PostgreSQL: `firebreak migrate --from … --to …`, then
 * `firebreak start` on the copy, which goes on where the SQLite store stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../fakes/embedded-postgres.js';
import { killLeftovers, runFirebreak, startFirebreak } from './firebreak-process.js';
import { client } from './http-client.js';

const dir = mkdtempSync(join(tmpdir(), 'firebreak-pg-process-'));
let server: RunningPostgres;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  killLeftovers();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built Firebreak on PostgreSQL', () => {
  it('migrates a SQLite store into PostgreSQL and runs on it', async () => {
    const sqlite = { FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'firebreak.db')}` };
    const before = await startFirebreak(sqlite);
    await client(before.url).declare('Queue backlog growing', 'SEV3');
    expect((await before.stop('SIGTERM')).code).toBe(0);

    const url = await server.createDatabase('firebreak');
    const copy = await runFirebreak(['migrate', '--from', sqlite.FIREBREAK_DATABASE_URL, '--to', url], {});
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/^incidents +1 +1  ok$/m);

    const after = await startFirebreak({ FIREBREAK_DATABASE_URL: url });
    const api = client(after.url);
    expect((await api.incident('INC-1')).title).toBe('Queue backlog growing');
    expect((await api.declare('Checkout is down', 'SEV2')).id).toBe('INC-2');
    expect((await fetch(`${after.url}/readyz`)).status).toBe(200);
    const exit = await after.stop('SIGTERM');
    expect(exit).toMatchObject({ code: 0, timedOut: false });
  });
});
