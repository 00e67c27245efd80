import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killLeftovers, runFirebreak, startFirebreak } from './firebreak-process.js';
import { client } from './http-client.js';

const dir = mkdtempSync(join(tmpdir(), 'firebreak-cli-'));
afterAll(() => {
  killLeftovers();
  rmSync(dir, { recursive: true, force: true });
});

describe('the firebreak CLI', () => {
  it('runbooks check: the shipped runbooks pass; a broken one is reported with file and line', async () => {
    const shipped = await runFirebreak(['runbooks', 'check', 'runbooks'], {});
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toMatch(/^\d+ runbooks OK/m);

    const broken = join(dir, 'runbooks');
    mkdirSync(broken);
    writeFileSync(join(broken, 'bad.md'), '---\nid: bad\ntitle: Bad\nmatch: []\n---\n## Fix: do something\nText.\n');
    const result = await runFirebreak(['runbooks', 'check', broken], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(broken, 'bad.md')}:6: `);
  });

  it('migrate, then postmortem INC-n prints the draft of a stored incident', async () => {
    const env = { FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'cli.db')}` };
    const migrate = await runFirebreak(['migrate'], env);
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.stdout).toContain('Applied: 0001-initial');

    const fb = await startFirebreak(env);
    await client(fb.url).declare('Queue backlog growing', 'SEV3');
    await fb.stop('SIGTERM');

    const draft = await runFirebreak(['postmortem', 'inc-1'], env);
    expect(draft.code).toBe(0);
    expect(draft.stdout).toMatch(/^# Post-mortem: INC-1 — Queue backlog growing/);
    expect((await runFirebreak(['postmortem', 'INC-9'], env)).code).toBe(1);
    expect((await runFirebreak(['frobnicate'], env)).code).toBe(2);
  });
});
