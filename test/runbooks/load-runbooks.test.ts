import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRunbooks } from '../../src/runbooks/check-runbooks.js';
import { loadRunbooks } from '../../src/runbooks/load-runbooks.js';

const runbook = (id: string, title: string, extra: string[] = []) =>
  ['---', `id: ${id}`, `title: ${title}`, 'match: []', '---', ...extra, '## Verify: ok', 'Fine.'].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'firebreak-runbooks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadRunbooks', () => {
  it('loads *.md in file-name order and skips README.md and other files', async () => {
    await writeFile(join(dir, 'b.md'), runbook('bravo', 'Bravo'));
    await writeFile(join(dir, 'a.md'), runbook('alpha', 'Alpha'));
    await writeFile(join(dir, 'README.md'), '# Not a runbook');
    await writeFile(join(dir, 'notes.txt'), 'ignored');

    const { runbooks, problems } = await loadRunbooks(dir);

    expect(problems).toEqual([]);
    expect(runbooks.map((r) => [r.id, r.file])).toEqual([
      ['alpha', join(dir, 'a.md')],
      ['bravo', join(dir, 'b.md')],
    ]);
  });

  it('reports a duplicate id at the id line of the later file and keeps the first', async () => {
    await writeFile(join(dir, 'a.md'), runbook('same', 'First'));
    await writeFile(join(dir, 'b.md'), ['---', '# comment', 'title: Second', 'id: same', 'match: []', '---', '## Verify', 'ok'].join('\n'));

    const { runbooks, problems } = await loadRunbooks(dir);

    expect(runbooks.map((r) => r.title)).toEqual(['First']);
    expect(problems).toEqual([
      { file: join(dir, 'b.md'), line: 4, message: `duplicate id "same": also used by ${join(dir, 'a.md')}` },
    ]);
  });

  it('reports a missing folder instead of throwing', async () => {
    const { runbooks, problems } = await loadRunbooks(join(dir, 'nope'));

    expect(runbooks).toEqual([]);
    expect(problems).toEqual([{ file: join(dir, 'nope'), line: 0, message: 'cannot read the runbooks folder (ENOENT)' }]);
  });
});

describe('checkRunbooks', () => {
  it('lists one file:line: message per problem and fails', async () => {
    await writeFile(join(dir, 'db-pool.md'), runbook('db-pool', 'DB pool', ['## Fix: Restart', 'Restart it.']));
    await writeFile(join(dir, 'ok.md'), runbook('ok', 'OK'));

    const result = await checkRunbooks(dir);

    expect(result.ok).toBe(false);
    expect(result.count).toBe(2);
    expect(result.report.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'db-pool.md')}:6: unknown step kind "Fix"`)),
      '1 problem; 2 runbooks loaded',
    ]);
  });

  it('says "N runbooks OK" when clean', async () => {
    await writeFile(join(dir, 'a.md'), runbook('alpha', 'Alpha'));
    await writeFile(join(dir, 'b.md'), runbook('bravo', 'Bravo'));

    expect(await checkRunbooks(dir)).toEqual({ ok: true, report: '2 runbooks OK', count: 2 });
  });

  it('fails on a folder with no runbooks', async () => {
    const result = await checkRunbooks(dir);

    expect(result).toMatchObject({ ok: false, count: 0 });
    expect(result.report).toContain('no runbooks found');
  });
});
