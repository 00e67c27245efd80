/** Signals end the built process cleanly and quickly; a bad configuration stops it before it starts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack, type StoredMessage } from '../fakes/fake-slack.js';
import { killLeftovers, runFirebreak, startFirebreak } from './firebreak-process.js';
import { eventually } from './http-client.js';

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

describe('shutdown in the middle of a burst of alerts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-e2e-'));
  let slack: FakeSlack | undefined;

  afterAll(async () => {
    killLeftovers();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The bot's thread headers in the incidents channel, by incident id. */
  const headers = (fake: FakeSlack) => {
    const byIncident = new Map<string, StoredMessage[]>();
    for (const m of fake.messages.filter((x) => x.channel === 'C_INC' && !x.thread_ts)) {
      const id = /INC-\d+/.exec(m.text)?.[0];
      if (id) byIncident.set(id, [...(byIncident.get(id) ?? []), m]);
    }
    return byIncident;
  };

  it('keeps every message it had not delivered queued, and delivers each once after the restart', async () => {
    // Arrange: Slack takes one post per second into a channel, so a burst leaves a backlog behind.
    slack = await new FakeSlack().start();
    const env = {
      FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'firebreak.db')}`,
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'test-signing-secret',
      SLACK_API_URL: `${slack.url}/api/`,
      SLACK_INCIDENT_CHANNEL: 'C_INC',
      SLACK_STATUS_CHANNEL: 'C_STATUS',
    };
    let fb = await startFirebreak(env);
    const url = fb.url;
    const alert = (i: number) =>
      fetch(`${url}/webhooks/generic`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Burst ${i}`, dedupKey: `burst-${i}`, severity: 'warning' }),
      }).then(
        async (res) => (res.status === 202 ? ((await res.json()) as { incidents: string[] }).incidents : []),
        () => [] as string[], // refused while the server closes: not accepted, so nothing is owed
      );
    const firstWave = await Promise.all(Array.from({ length: 5 }, (_, i) => alert(i)));
    const secondWave = Array.from({ length: 7 }, (_, i) => alert(5 + i));

    // Act: SIGTERM while the second wave is still arriving, then start again on the same database.
    const exit = await fb.stop('SIGTERM');
    const accepted = [...new Set([...firstWave, ...(await Promise.all(secondWave))].flat())].sort();
    const atExit = headers(slack);
    fb = await startFirebreak(env);

    // Assert: a clean exit with a backlog, and after the restart every accepted incident has its
    // header in Slack exactly once, and no message was posted twice.
    expect(exit).toMatchObject({ code: 0, signal: null, timedOut: false });
    expect(accepted.length).toBeGreaterThanOrEqual(5);
    expect(atExit.size).toBeLessThan(accepted.length);
    const delivered = await eventually(async () => {
      const now = headers(slack!);
      return accepted.every((id) => now.has(id)) ? now : undefined;
    }, 60_000, 'every accepted incident to reach Slack');
    expect([...delivered.keys()].sort()).toEqual(accepted);
    for (const id of accepted) expect(delivered.get(id), id).toHaveLength(1);
    const keys = slack.messages.map((m) => m.metadata?.event_payload.key).filter((k) => k !== undefined);
    expect(new Set(keys).size).toBe(keys.length);

    expect(await fb.stop('SIGTERM')).toMatchObject({ code: 0, timedOut: false });
  }, 120_000);
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
