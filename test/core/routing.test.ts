import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { severityFromHint } from '../../src/core/routing.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { post, type IntakeReply } from '../http/helpers.js';

/** Rules are tried in order; the first match decides. */
const POLICY = `
alerts:
  routes:
  - name: drop watchdog
    match: { labels: { alertname: Watchdog } }
    ignore: true
  - name: staging is never urgent
    match: { labels: { env: /stag(e|ing)/ } }
    severity: SEV4
  - name: money
    match: { labels: { service: /checkout|payments/ } }
    severity: SEV1
    runbook: error-rate-after-deploy
  - name: partial regex must not match
    match: { labels: { service: /search/ } }
    severity: SEV2
  - name: datadog blips
    match: { source: datadog, labels: { team: web } }
    autoResolve: true
  - name: cache, any envelope source
    match: { source: /alertmanager|grafana/, labels: { alertname: RedisDown } }
    severity: SEV2
    runbook: redis-down
  - name: http code as a YAML number
    match: { labels: { code: 503 } }
    severity: SEV3
`;

interface Case {
  name: string;
  source: 'generic' | 'alertmanager' | 'datadog';
  labels: Record<string, string>;
  hint?: string;
  expected: { ignored?: true; severity?: string | null; runbook?: string; autoResolve?: boolean };
}

const CASES: Case[] = [
  { name: 'ignore: no incident', source: 'generic', labels: { alertname: 'Watchdog' }, hint: 'critical', expected: { ignored: true } },
  { name: 'regex label → severity wins over the hint', source: 'generic', labels: { env: 'staging', service: 'checkout' }, hint: 'critical', expected: { severity: 'SEV4' } },
  { name: 'regex label alternative → severity and runbook', source: 'generic', labels: { service: 'payments' }, expected: { severity: 'SEV1', runbook: 'error-rate-after-deploy' } },
  { name: 'regex matches the whole value only', source: 'generic', labels: { service: 'search-api' }, hint: 'warning', expected: { severity: 'SEV3' } },
  { name: 'exact regex value matches', source: 'generic', labels: { service: 'search' }, expected: { severity: 'SEV2' } },
  { name: 'source matcher: other source does not match', source: 'generic', labels: { team: 'web' }, hint: 'P2', expected: { severity: 'SEV2', autoResolve: false } },
  { name: 'source matcher: autoResolve', source: 'datadog', labels: { team: 'web' }, expected: { autoResolve: true } },
  { name: 'source regex → severity and runbook', source: 'alertmanager', labels: { alertname: 'RedisDown' }, expected: { severity: 'SEV2', runbook: 'redis-down' } },
  { name: 'source regex excludes generic', source: 'generic', labels: { alertname: 'RedisDown' }, expected: { severity: null } },
  { name: 'numeric matcher', source: 'generic', labels: { code: '503' }, expected: { severity: 'SEV3' } },
  { name: 'no rule, no hint: untriaged', source: 'generic', labels: { service: 'blog' }, expected: { severity: null, autoResolve: false } },
];

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ policy: POLICY });
});
afterAll(async () => {
  await app.close();
});

function body(c: Case, key: string): object {
  if (c.source === 'alertmanager') {
    return { version: '4', status: 'firing', groupKey: key, alerts: [{ status: 'firing', labels: { alertname: 'X', ...c.labels, ...(c.hint ? { severity: c.hint } : {}) }, fingerprint: key }] };
  }
  if (c.source === 'datadog') {
    const tags = Object.entries(c.labels).map(([k, v]) => `${k}:${v}`).join(', ');
    return { title: `[Triggered] ${c.name}`, alert_cycle_key: key, alert_transition: 'Triggered', tags, ...(c.hint ? { alert_priority: c.hint } : {}) };
  }
  return { title: c.name, dedupKey: key, labels: c.labels, ...(c.hint ? { severity: c.hint } : {}) };
}

describe('policy routing rules', () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const res = await post(app, c.source, body(c, `case-${i}`));
    expect(res.statusCode, res.body).toBe(202);
    const reply = res.json<IntakeReply>();

    if (c.expected.ignored) {
      expect(reply).toMatchObject({ accepted: 0, ignored: 1, incidents: [] });
      return;
    }
    expect(reply).toMatchObject({ accepted: 1, ignored: 0 });
    const incident = await app.service.get(reply.incidents[0]!);
    if ('severity' in c.expected) expect(incident.severity).toBe(c.expected.severity);
    if ('autoResolve' in c.expected) expect(incident.autoResolve).toBe(c.expected.autoResolve);
    const runbooks = incident.runbooks.map((r) => r.runbookId);
    if (c.expected.runbook) expect(runbooks).toEqual([c.expected.runbook]);
  });

  it('an ignored alert in a batch is dropped while the rest open incidents', async () => {
    const res = await post(app, 'generic', { alerts: [{ title: 'Heartbeat', labels: { alertname: 'Watchdog' } }, { title: 'Real trouble', dedupKey: 'real' }] });
    expect(res.json<IntakeReply>()).toMatchObject({ accepted: 1, ignored: 1, incidents: [expect.stringMatching(/^INC-/)] });
  });

  it('a policy naming an unknown severity or a broken /regex/ is refused at start-up', () => {
    const policy = (route: string) => ({ path: 'p.yml', text: `alerts:\n  routes:\n  - ${route}\n` });
    expect(() => loadConfig({}, policy('match: { labels: { a: b } }\n    severity: SEV9'))).toThrow(/alerts\.routes\.0\.severity/);
    expect(() => loadConfig({}, policy("match: { labels: { a: '/(open/' } }\n    ignore: true"))).toThrow(/alerts\.routes\.0\.match\.labels\.a/);
    expect(() => loadConfig({}, policy("match: { source: '/(open/' }\n    ignore: true"))).toThrow(/alerts\.routes\.0\.match\.source/);
  });
});

describe('severityFromHint', () => {
  const policy = loadConfig({}, { path: 'p.yml', text: 'severities:\n  SEV5:\n    description: Cosmetic\n    responseMinutes: 9999\n' }).policy;
  it.each([
    ['critical', 'SEV1'], ['CRITICAL ', 'SEV1'], ['P1', 'SEV1'], ['page', 'SEV1'], ['sev 1', 'SEV1'],
    ['high', 'SEV2'], ['error', 'SEV2'], ['P2', 'SEV2'], ['SEV2', 'SEV2'],
    ['warning', 'SEV3'], ['warn', 'SEV3'], ['P3', 'SEV3'],
    ['info', 'SEV4'], ['low', 'SEV4'], ['P4', 'SEV4'],
    ['sev5', 'SEV5'], // a severity the policy defines, by its id
    ['bogus', null], ['', null], [undefined, null],
  ] as const)('%s → %s', (hint, expected) => {
    expect(severityFromHint(policy, hint)).toBe(expected);
  });
});
