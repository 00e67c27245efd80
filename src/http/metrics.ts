import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { KyselyStore } from '../store/kysely-store.js';

export interface Metrics {
  registry: Registry;
  webhookRequests: Counter<'source' | 'status'>;
}

/** Process metrics plus incident figures read from the store at scrape time (right across restarts). */
export function createMetrics(store: KyselyStore): Metrics {
  const registry = new Registry();
  // prom-client samples event-loop delay every 10 ms by default: 100 wake-ups a second, ~0.5 % of a
  // core while idle. 100 ms still catches the stalls worth alerting on.
  collectDefaultMetrics({ register: registry, prefix: 'firebreak_', eventLoopMonitoringPrecision: 100 });
  new Gauge({
    name: 'firebreak_open_incidents',
    help: 'Open incidents by severity',
    labelNames: ['severity'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.countOpenBySeverity()) this.set({ severity: row.severity ?? 'untriaged' }, row.count);
    },
  });
  new Counter({
    name: 'firebreak_incidents_declared_total',
    help: 'Incidents declared since the database was created',
    registers: [registry],
    async collect() {
      this.reset();
      this.inc((await store.countIncidents()).declared);
    },
  });
  new Counter({
    name: 'firebreak_incidents_resolved_total',
    help: 'Incidents resolved (currently resolved) since the database was created',
    registers: [registry],
    async collect() {
      this.reset();
      this.inc((await store.countIncidents()).resolved);
    },
  });
  const webhookRequests = new Counter({
    name: 'firebreak_webhook_requests_total',
    help: 'Alert webhook requests by source and HTTP status',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  return { registry, webhookRequests };
}

/** `firebreak_leader`: 1 while this replica holds the leader lease (Socket Mode, the gateway), else 0. */
export function addLeaderGauge(metrics: Metrics, leading: () => boolean): void {
  new Gauge({
    name: 'firebreak_leader',
    help: '1 while this replica leads (holds Slack Socket Mode and the Discord gateway), else 0',
    registers: [metrics.registry],
    collect() {
      this.set(leading() ? 1 : 0);
    },
  });
}
