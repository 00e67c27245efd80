/** What a newcomer sees at start-up: where the console is, and a plain list when it cannot start. */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prettyLine } from '../../src/pretty-log.js';
import { killLeftovers, runFirebreak, startFirebreak } from './firebreak-process.js';
import { client } from './http-client.js';

const dir = mkdtempSync(join(tmpdir(), 'firebreak-startup-'));
afterAll(() => {
  killLeftovers();
  rmSync(dir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('the ready line says where the console is (JSON when stdout is not a terminal)', async () => {
    const fb = await startFirebreak({ FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'ready.db')}` });
    const ready = fb.logs.find((l) => String(l.msg).startsWith('Firebreak is ready'))!;
    expect(ready.msg).toBe(`Firebreak is ready: open ${fb.url}/`);
    await fb.stop('SIGTERM');
  });

  it('the terminal line is readable, not JSON', () => {
    const line = JSON.stringify({ level: 'info', time: '2026-03-04T10:42:07.000Z', service: 'firebreak', msg: 'Firebreak is ready: open http://127.0.0.1:3000/', database: 'sqlite' });
    expect(prettyLine(line, false)).toBe('10:42:07 INFO  Firebreak is ready: open http://127.0.0.1:3000/  database=sqlite\n');
  });

  it('Postgres unreachable, a taken port: the "Firebreak cannot start" list, no stack trace', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nobody = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const pg = await runFirebreak(['start'], { FIREBREAK_DATABASE_URL: `postgres://firebreak:s3cret@127.0.0.1:${nobody}/firebreak` });
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain(`Firebreak cannot start; fix the configuration:\n  - FIREBREAK_DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:${nobody}/firebreak (ECONNREFUSED)`);
    expect(pg.stderr).not.toContain('s3cret');
    expect(pg.stderr).not.toMatch(/\n\s+at /);

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const busy = await runFirebreak(['start'], { PORT: String(port), HOST: '127.0.0.1', FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'busy.db')}` });
    taken.close();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`  - PORT: 127.0.0.1:${port} is in use by another process`);
    expect(busy.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('firebreak postmortem', () => {
  it('links to FIREBREAK_PUBLIC_URL, or to the address the server recorded, not the CLI’s default port', async () => {
    const env = { FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'pm.db')}` };
    const fb = await startFirebreak(env);
    const { id } = await client(fb.url).declare('Queue backlog growing', 'SEV3');
    await client(fb.url).command('postmortem', id);
    await fb.stop('SIGTERM');

    const configured = await runFirebreak(['postmortem', id], { ...env, FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com' });
    expect(configured.stdout).toContain(`| Thread | https://firebreak.example.com/incidents/${id} |`);
    const recorded = await runFirebreak(['postmortem', id], env);
    expect(recorded.stdout).toContain(`| Thread | ${fb.url}/incidents/${id} |`);
    expect(recorded.stdout).not.toContain(':3000');
  });
});
