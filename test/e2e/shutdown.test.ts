/** Signals end the built process cleanly and quickly; a bad configuration stops it before it starts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killLeftovers, runFirebreak, startFirebreak } from './firebreak-process.js';

describe('shutdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-e2e-'));
  const env = { FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'firebreak.db')}`, LOG_LEVEL: 'info' };

  afterAll(() => {
    killLeftovers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 on SIGINT', async () => {
    const fb = await startFirebreak(env);

    const exit = await fb.stop('SIGINT');

    expect(exit).toMatchObject({ code: 0, signal: null, timedOut: false });
    expect(fb.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'firebreak stopped']));
    console.log(`[e2e] SIGINT to exit: ${Math.round(exit.ms)} ms`);
  });

  it('exits 0 within 10 s on SIGTERM while a live event stream is open', async () => {
    const fb = await startFirebreak(env);
    const stream = await fetch(`${fb.url}/console/api/events`);
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    // Read to the end in the background: the server must end the stream, not leave it hanging.
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })().catch(() => 'reset');

    const exit = await fb.stop('SIGTERM');

    expect(exit).toMatchObject({ code: 0, signal: null, timedOut: false });
    expect(exit.ms).toBeLessThan(10_000);
    expect(['ended', 'reset']).toContain(await ended);
    console.log(`[e2e] SIGTERM to exit with an open event stream: ${Math.round(exit.ms)} ms`);
  });
});

describe('start-up with a bad configuration', () => {
  it('exits non-zero and lists every problem at once', async () => {
    const result = await runFirebreak(['start'], { PORT: 'abc', HOST: '0.0.0.0', SLACK_BOT_TOKEN: 'x' });

    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    for (const name of ['PORT', 'FIREBREAK_CONSOLE_TOKEN', 'SLACK_SIGNING_SECRET']) expect(result.stderr).toContain(name);
    // The token itself is never echoed back.
    expect(result.stderr).not.toMatch(/SLACK_BOT_TOKEN[^\n]*\bx\b/);
  });
});
