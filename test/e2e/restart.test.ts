/** The built process keeps everything across a SIGTERM and a restart on the same SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killLeftovers, startFirebreak, type FirebreakProcess } from './firebreak-process.js';
import { client, eventually } from './http-client.js';

describe('restart on the same database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-e2e-'));
  const env = { FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'firebreak.db')}`, LOG_LEVEL: 'info' };
  let fb: FirebreakProcess | undefined;

  afterAll(() => {
    killLeftovers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the incident and its whole timeline, and is ready again', async () => {
    // Arrange: a first run that declares, notes and acknowledges.
    fb = await startFirebreak(env);
    const first = client(fb.url);
    const declared = await first.declare('Checkout 500s after deploy', 'SEV2');
    expect(declared.id).toBe('INC-1');
    await first.command('note rolled back build 4512', 'INC-1');
    await first.command('ack', 'INC-1');
    const before = await first.incident('INC-1');
    expect(before.acknowledgedAt).not.toBeNull();
    expect(before.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['declared', 'note', 'acknowledged']));
    // The thread is delivered by the scheduler loop, so wait for it before stopping: the header
    // edit that names the commander is the last message the acknowledgement queued.
    const thread = await eventually(async () => {
      const messages = await first.thread('INC-1');
      return JSON.stringify(messages[0]?.message).includes('<@web:alice|Alice>') ? messages : undefined;
    }, 10_000, 'the thread');

    // Act: stop with SIGTERM, start again on the same file.
    const exit = await fb.stop('SIGTERM');
    expect(exit).toMatchObject({ code: 0, timedOut: false });
    expect(exit.ms).toBeLessThan(10_000);
    fb = await startFirebreak(env);
    const second = client(fb.url);

    // Assert: identical incident and timeline, and ready (start-up speed is measured in bench/, not here).
    // `url` names the port each run was given (PORT=0), so it differs between the runs.
    const { url: _before, ...kept } = before;
    const { url: after, ...restored } = await second.incident('INC-1');
    expect(restored).toEqual(kept);
    expect(after).toBe(`${fb.url}/incidents/INC-1`);
    expect((await second.thread('INC-1')).slice(0, thread.length)).toEqual(thread);
    const ready = await fetch(`${fb.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(fb.logs.some((l) => l.msg === 'database migrated')).toBe(false);

    const last = await fb.stop('SIGTERM');
    expect(last).toMatchObject({ code: 0, timedOut: false });
    fb = undefined;
  });
});
