import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { STEP_KINDS } from '../../src/core/runbook.js';
import { checkRunbooks } from '../../src/runbooks/check-runbooks.js';
import { loadRunbooks, parseRunbook } from '../../src/runbooks/load-runbooks.js';
import { matchRunbook } from '../../src/runbooks/match-runbook.js';

const DIR = 'runbooks';

describe('shipped runbooks', () => {
  it('load with zero problems', async () => {
    const { runbooks, problems } = await loadRunbooks(DIR);

    expect(problems).toEqual([]);
    expect(runbooks.length).toBeGreaterThanOrEqual(9);
  });

  it('cover every required topic', async () => {
    const { runbooks } = await loadRunbooks(DIR);
    const titles = runbooks.map((r) => r.title.toLowerCase());
    const topics = [
      /service down|5xx/,
      /connection pool/,
      /redis/,
      /after a deploy/,
      /memory leak|oom/,
      /runaway client|denial of service/,
      /runaway database query/,
      /failed database migration/,
      /tls certificate/,
    ];

    for (const topic of topics) expect(titles.some((t) => topic.test(t)), String(topic)).toBe(true);
  });

  it('each has diagnose commands, a resolve step with alternatives, a verify and a communicate step', async () => {
    const { runbooks } = await loadRunbooks(DIR);

    for (const r of runbooks) {
      const kinds = r.steps.map((s) => s.kind);
      expect(kinds, r.id).toEqual(expect.arrayContaining(['diagnose', 'resolve', 'verify', 'communicate']));
      expect(r.steps.filter((s) => s.kind === 'diagnose').some((s) => s.commands.length > 0), r.id).toBe(true);
      expect(r.steps.find((s) => s.kind === 'resolve')!.options.length, r.id).toBeGreaterThanOrEqual(2);
      expect(r.steps.every((s) => s.text.length > 0), r.id).toBe(true);
      expect(r.match.length, r.id).toBeGreaterThan(0);
      expect(r.summary.length, r.id).toBeGreaterThan(0);
      expect(r.severity, r.id).toMatch(/^SEV[1-4]$/);
      expect(STEP_KINDS).toEqual(expect.arrayContaining(kinds));
    }
  });

  it('the deploy runbook rolls back first', async () => {
    const { runbooks } = await loadRunbooks(DIR);
    const deploy = runbooks.find((r) => /after a deploy/i.test(r.title))!;

    expect(deploy.steps[0]!.kind).toBe('resolve');
    expect(deploy.steps[0]!.title).toMatch(/roll back/i);
  });

  it('are matched by the alerts they name', async () => {
    const { runbooks } = await loadRunbooks(DIR);
    const idFor = (alertname: string, labels: Record<string, string> = {}) =>
      matchRunbook(runbooks, { source: 'alertmanager', labels: { alertname, ...labels } })?.id;

    expect(idFor('HighErrorRate')).toBe('error-rate-after-deploy');
    expect(idFor('ServiceDown')).toBe('service-down');
    expect(idFor('PostgresConnectionPoolExhausted')).toBe('database-connection-pool-exhausted');
    expect(idFor('RedisDown')).toBe('redis-down');
    expect(idFor('KubePodOOMKilled')).toBe('memory-leak-oom');
    expect(idFor('SSLCertExpiringSoon')).toBe('tls-certificate-expiring');
    expect(idFor('KubeJobFailed', { job_name: 'web-migrate-42' })).toBe('failed-database-migration');
    expect(idFor('KubeJobFailed', { job_name: 'nightly-report' })).toBeUndefined();
  });

  it('checkRunbooks reports them OK', async () => {
    const result = await checkRunbooks(DIR);

    expect(result.ok).toBe(true);
    expect(result.report).toBe(`${result.count} runbooks OK`);
  });

  it('the README example parses cleanly', async () => {
    const readme = await readFile(`${DIR}/README.md`, 'utf8');
    const example = /````markdown\n([\s\S]*?)\n````/.exec(readme)![1]!;

    const { runbook, problems } = parseRunbook(example, 'README example');

    expect(problems).toEqual([]);
    expect(runbook!.steps[0]!.commands[0]!.code).toBe('redis-cli -h redis.internal PING');
  });
});
