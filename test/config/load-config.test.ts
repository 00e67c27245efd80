import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs with no environment at all, on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, publicUrl: 'http://127.0.0.1:3000', trustLoopback: true, trustProxy: false, publicHealth: false });
    expect(config.database).toEqual({ kind: 'sqlite', path: './data/firebreak.db' });
    expect(config.slack).toBeUndefined();
    expect(config.policy.severities.map((s) => [s.id, s.responseTarget, s.updateCadenceMinutes])).toEqual([
      ['SEV1', { minutes: 15 }, 30],
      ['SEV2', { minutes: 30 }, 30],
      ['SEV3', { minutes: 120 }, 30],
      ['SEV4', 'nextBusinessDay', 30],
    ]);
    expect(Object.isFrozen(config.policy.severities[0])).toBe(true);
  });

  it('reads the replica settings: leader lease, claim lease and poll interval, with defaults', () => {
    expect(loadConfig({}).replicas).toEqual({ leaseMs: 15_000, claimMs: 60_000, pollMs: 30_000 });
    expect(loadConfig({ FIREBREAK_LEASE_MS: '3000', FIREBREAK_CLAIM_MS: '5000', FIREBREAK_POLL_MS: '600000' }).replicas).toEqual({ leaseMs: 3_000, claimMs: 5_000, pollMs: 600_000 });
    expect(problemsOf(() => loadConfig({ FIREBREAK_LEASE_MS: '15s', FIREBREAK_POLL_MS: '10' }))).toEqual([
      expect.stringMatching(/^FIREBREAK_LEASE_MS: expected milliseconds/),
      expect.stringMatching(/^FIREBREAK_POLL_MS: expected milliseconds/),
    ]);
  });

  it('reads a Postgres URL with its pool size (10 unless FIREBREAK_DB_POOL_SIZE says otherwise)', () => {
    const url = 'postgres://firebreak:pw@db.internal:5432/firebreak';
    expect(loadConfig({ FIREBREAK_DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url, poolSize: 10 });
    expect(loadConfig({ FIREBREAK_DATABASE_URL: url, FIREBREAK_DB_POOL_SIZE: '25' }).database).toEqual({ kind: 'postgres', url, poolSize: 25 });
    expect(problemsOf(() => loadConfig({ FIREBREAK_DATABASE_URL: url, FIREBREAK_DB_POOL_SIZE: '0' }))).toEqual([expect.stringMatching(/^FIREBREAK_DB_POOL_SIZE: expected a whole number of connections/)]);
  });

  it('lists every problem at once, naming each variable and where to get it', () => {
    const problems = problemsOf(() =>
      loadConfig({ PORT: 'eighty', HOST: '0.0.0.0', FIREBREAK_DATABASE_URL: 'mysql://x', SLACK_SIGNING_SECRET: 's' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: expected a port/),
        expect.stringMatching(/^FIREBREAK_DATABASE_URL: expected sqlite:PATH or postgres/),
      ]),
    );
    const second = problemsOf(() => loadConfig({ HOST: '0.0.0.0', SLACK_BOT_TOKEN: 'xoxb-1' }));
    expect(second).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_SIGNING_SECRET: required .*Signing Secret/),
        expect.stringMatching(/^SLACK_INCIDENT_CHANNEL: required/),
        expect.stringMatching(/^FIREBREAK_CONSOLE_TOKEN: required when HOST \(0\.0\.0\.0\) is not a loopback/),
      ]),
    );
  });

  it('overrides cadence per severity from the YAML policy and checks it', () => {
    const config = loadConfig({}, { path: 'p.yml', text: 'reminders:\n  updateEveryMinutes: 45\nseverities:\n  SEV1:\n    updateEveryMinutes: 15\n' });
    expect(config.policy.severities.map((s) => s.updateCadenceMinutes)).toEqual([15, 45, 45, 45]);

    const problems = problemsOf(() =>
      loadConfig({}, { path: 'p.yml', text: 'severities:\n  SEV1:\n    updateEveryMinutes: -5\nalerts:\n  routes:\n    - match: { labels: { team: "/[/" } }\n      severity: SEV9\ntriage:\n  start: nope\n  questions:\n    - id: q\n      text: Q?\n      answers: [{label: a, severity: SEV1}, {label: b, next: missing}]\n' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^p\.yml: severities\.SEV1\.updateEveryMinutes/),
        expect.stringMatching(/^p\.yml: alerts\.routes\.0\.match\.labels\.team: invalid \/regular expression\//),
      ]),
    );
  });

  it('reports cross-references in the policy after the schema passes', () => {
    const problems = problemsOf(() =>
      loadConfig({}, { path: 'p.yml', text: 'alerts:\n  routes:\n    - match: { source: sentry }\n      severity: SEV9\ntriage:\n  start: nope\n  questions:\n    - id: q\n      text: Q?\n      answers: [{label: a, severity: SEV1}, {label: b, next: missing}]\n' }),
    );
    expect(problems).toEqual([
      'p.yml: triage.start: no question with id "nope"',
      'p.yml: triage.questions.0.answers.1.next: no question with id "missing"',
      'p.yml: alerts.routes.0.severity: unknown severity "SEV9"',
    ]);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(problemsOf(() => loadConfig({}, { path: 'bad.yml', text: 'severities: [\n' }))[0]).toMatch(/^bad\.yml: /);
  });
});

describe('logging', () => {
  it('redacts secrets from every log line', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger('info', sink);
    const config = loadConfig({ FIREBREAK_WEBHOOK_TOKEN: 'hunter2-token', SLACK_BOT_TOKEN: 'xoxb-secret', SLACK_SIGNING_SECRET: 'sig-secret', SLACK_INCIDENT_CHANNEL: 'C1' });
    log.info({ config, req: { headers: { authorization: 'Bearer hunter2-token', 'x-slack-signature': 'v0=abc' } } }, 'configured');
    const out = lines.join('');
    expect(out).toContain('configured');
    expect(out).not.toMatch(/hunter2|xoxb-secret|sig-secret|v0=abc/);
  });
});
