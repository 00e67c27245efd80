import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/http/webhook-routes.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, post } from './helpers.js';

let app: TestApp;
let url: string;
beforeEach(async () => {
  app = await createTestApp();
  url = await app.listen();
});
afterEach(async () => {
  await app.close();
});

/** A generic alert whose JSON is exactly `size` bytes. */
function alertOfSize(size: number): string {
  const empty = JSON.stringify({ title: 'Big', summary: '' });
  return JSON.stringify({ title: 'Big', summary: 'x'.repeat(size - empty.length) });
}

describe('413: bodies over 1 MiB are refused before parsing', () => {
  it('accepts exactly 1 MiB and refuses one byte more, with no dead letter and no incident', async () => {
    const atLimit = await fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: alertOfSize(BODY_LIMIT) });
    expect(atLimit.status).toBe(202);

    const over = await fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: alertOfSize(BODY_LIMIT + 1) });
    expect(over.status).toBe(413);
    // an over-limit body that is not even JSON would be a dead letter if the handler had run
    const junk = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{'.repeat(BODY_LIMIT + 1) });
    expect(junk.status).toBe(413);

    expect(await app.store.listDeadLetters()).toEqual([]);
    expect(await app.store.listIncidents()).toHaveLength(1);
  });

  it('refuses a chunked body (no Content-Length) once it passes 1 MiB', async () => {
    const chunk = new TextEncoder().encode('{'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * BODY_LIMIT) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await app.store.listDeadLetters()).toEqual([]);
  });
});

describe('503 when the store cannot take the write (Alertmanager retries only 5xx)', () => {
  const firing = amGroup('StoreDown', [{ fingerprint: 'f1' }]);

  it('read-only database: 503 with Retry-After, then 202 once it is writable again', async () => {
    await sql`PRAGMA query_only = ON`.execute(app.store.db);

    const refused = await post(app, 'alertmanager', firing);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toMatchObject({ error: 'unavailable' });
    // a malformed body cannot be kept as a dead letter either: 503 so the sender retries, not a 4xx that drops it
    const malformed = await post(app, 'alertmanager', { version: '4' });
    expect(malformed.statusCode).toBe(503);

    await sql`PRAGMA query_only = OFF`.execute(app.store.db);
    const retried = await post(app, 'alertmanager', firing);
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ accepted: 1, incidents: ['INC-1'] });
  });

  it('database locked by another process (SQLITE_BUSY after the busy timeout): 503', async () => {
    const other = new SQLite(join(app.dir, 'firebreak.db'));
    try {
      other.exec('BEGIN EXCLUSIVE');
      const res = await post(app, 'alertmanager', firing);
      expect(res.statusCode).toBe(503);
      other.exec('ROLLBACK');
      expect((await post(app, 'alertmanager', firing)).statusCode).toBe(202);
    } finally {
      other.close();
    }
  });

  it('store closed under the server: 503, not 500', async () => {
    await app.store.close();
    const res = await post(app, 'alertmanager', firing);
    expect(res.statusCode).toBe(503);
    expect((await post(app, 'alertmanager', '{"not":"valid"}')).statusCode).toBe(503);
  });
});
