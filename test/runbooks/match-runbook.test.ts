import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/alert.js';
import type { Runbook, RunbookMatch } from '../../src/core/runbook.js';
import { findRunbook, matchRunbook } from '../../src/runbooks/match-runbook.js';

const rb = (id: string, match: RunbookMatch[], title = id): Runbook => ({
  id,
  title,
  summary: '',
  match,
  steps: [],
  file: `runbooks/${id}.md`,
});

const alert = (labels: Record<string, string>, source: Alert['source'] = 'alertmanager') => ({ source, labels });

describe('matchRunbook', () => {
  const runbooks = [
    rb('redis-down', [{ alertname: 'RedisDown' }]),
    rb('db', [{ alertname: '/Postgres.*(Pool|Connections).*/' }, { labels: { service: '/db-.*/', team: 'data' } }]),
    rb('sentry-errors', [{ source: 'sentry' }]),
    rb('grafana-redis', [{ source: 'grafana', alertname: 'RedisDown' }]),
    rb('manual', []),
    rb('empty-entry', [{}]),
  ];

  it('matches alertname exactly against labels.alertname', () => {
    expect(matchRunbook(runbooks, alert({ alertname: 'RedisDown' }))?.id).toBe('redis-down');
    expect(matchRunbook(runbooks, alert({ alertname: 'RedisDownish' }))).toBeUndefined();
  });

  it('matches /regex/ alertnames and labels, requiring every label', () => {
    expect(matchRunbook(runbooks, alert({ alertname: 'PostgresConnectionPoolExhausted' }))?.id).toBe('db');
    expect(matchRunbook(runbooks, alert({ alertname: 'X', service: 'db-orders', team: 'data' }))?.id).toBe('db');
    expect(matchRunbook(runbooks, alert({ alertname: 'X', service: 'db-orders', team: 'web' }))).toBeUndefined();
    expect(matchRunbook(runbooks, alert({ alertname: 'X', service: 'db-orders' }))).toBeUndefined();
  });

  it('matches on source, alone or together with other fields', () => {
    expect(matchRunbook(runbooks, alert({ alertname: 'anything' }, 'sentry'))?.id).toBe('sentry-errors');
    expect(matchRunbook(runbooks.slice(3), alert({ alertname: 'RedisDown' }, 'grafana'))?.id).toBe('grafana-redis');
    expect(matchRunbook(runbooks.slice(3), alert({ alertname: 'RedisDown' }, 'datadog'))).toBeUndefined();
  });

  it('returns undefined when nothing matches; empty match lists and entries match nothing', () => {
    expect(matchRunbook(runbooks, alert({}))).toBeUndefined();
    expect(matchRunbook(runbooks, alert({ alertname: 'Other' }, 'generic'))).toBeUndefined();
  });

  it('takes the first matching runbook', () => {
    expect(matchRunbook(runbooks, alert({ alertname: 'RedisDown' }, 'grafana'))?.id).toBe('redis-down');
    expect(matchRunbook([...runbooks].reverse(), alert({ alertname: 'RedisDown' }, 'grafana'))?.id).toBe('grafana-redis');
  });

  it('requires a /regex/ to match the whole value, like Prometheus', () => {
    const anchored = [rb('db', [{ labels: { service: '/db/' } }])];

    expect(matchRunbook(anchored, alert({ service: 'db' }))?.id).toBe('db');
    expect(matchRunbook(anchored, alert({ service: 'db-orders' }))).toBeUndefined();
    expect(matchRunbook([rb('alt', [{ alertname: '/A|B/' }])], alert({ alertname: 'AB' }))).toBeUndefined();
  });

  it('never matches with an invalid regex', () => {
    expect(matchRunbook([rb('bad', [{ alertname: '/(/' }])], alert({ alertname: '(' }))).toBeUndefined();
  });
});

describe('findRunbook', () => {
  const runbooks = [
    rb('db-pool-exhausted', [], 'Database connection pool exhausted'),
    rb('db', [], 'Database down'),
    rb('redis-down', [], 'Cache (Redis) down'),
  ];

  it('prefers an exact id over a prefix of another', () => {
    expect(findRunbook(runbooks, 'db')?.id).toBe('db');
  });

  it('then a case-insensitive id prefix, spaces counting as hyphens', () => {
    expect(findRunbook(runbooks, 'DB-Pool')?.id).toBe('db-pool-exhausted');
    expect(findRunbook(runbooks, 'db pool')?.id).toBe('db-pool-exhausted');
    expect(findRunbook(runbooks, '  redis ')?.id).toBe('redis-down');
  });

  it('then a case-insensitive title substring', () => {
    expect(findRunbook(runbooks, 'connection POOL')?.id).toBe('db-pool-exhausted');
    expect(findRunbook(runbooks, '(redis)')?.id).toBe('redis-down');
  });

  it('returns undefined for no match or an empty query', () => {
    expect(findRunbook(runbooks, 'kafka')).toBeUndefined();
    expect(findRunbook(runbooks, '   ')).toBeUndefined();
  });
});
