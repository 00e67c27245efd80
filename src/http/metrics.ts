import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResponseTimes } from '../core/incident-stats.js';
import type { KyselyStore } from '../store/kysely-store.js';

export interface Metrics {
  registry: Registry;
  webhookRequests: Counter<'source' | 'status'>;
}

/** Upper bounds of the response-time buckets, in seconds: 1 min … 24 h. */
export const RESPONSE_BUCKETS = [60, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400];

/** Process metrics plus incident figures read from the store at scrape time (right across restarts). */
export function createMetrics(store: Pick<KyselyStore, 'countOpenBySeverity' | 'countIncidents' | 'responseTimes'>): Metrics {
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
  // Both histograms are rebuilt from the stored incidents on every scrape: a restart, a second
  // replica or a retried command neither loses nor double-counts an observation.
  const scrape = sharedScrape(() => store.responseTimes());
  responseHistogram(registry, scrape, {
    name: 'firebreak_time_to_acknowledge_seconds',
    help: 'Time from declaration to the first acknowledgement, by current severity (acknowledged incidents)',
    measure: (i) => (i.acknowledgedAt === null ? undefined : i.acknowledgedAt - i.declaredAt),
  });
  responseHistogram(registry, scrape, {
    name: 'firebreak_time_to_resolve_seconds',
    help: 'Time from declaration to resolution, by current severity (currently resolved incidents)',
    measure: (i) => (i.resolvedAt === null ? undefined : i.resolvedAt - i.declaredAt),
  });
  const webhookRequests = new Counter({
    name: 'firebreak_webhook_requests_total',
    help: 'Alert webhook requests by source and HTTP status',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  return { registry, webhookRequests };
}

function responseHistogram(
  registry: Registry,
  scrape: () => Promise<ResponseTimes[]>,
  spec: { name: string; help: string; measure: (i: ResponseTimes) => number | undefined },
): void {
  new Histogram({
    name: spec.name,
    help: spec.help,
    labelNames: ['severity'],
    buckets: RESPONSE_BUCKETS,
    registers: [registry],
    async collect() {
      this.reset();
      for (const i of await scrape()) {
        const ms = spec.measure(i);
        if (ms !== undefined) this.observe({ severity: i.severity ?? 'untriaged' }, Math.max(0, ms) / 1000);
      }
    },
  });
}

/** One store read per scrape for both histograms: calls made while a read is in flight share it. */
function sharedScrape(read: () => Promise<ResponseTimes[]>): () => Promise<ResponseTimes[]> {
  let inFlight: Promise<ResponseTimes[]> | undefined;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
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

/** `firebreak_queued_deliveries`: alert deliveries taken during a burst and not yet ingested. */
export function addQueuedDeliveriesGauge(metrics: Metrics, queued: () => number): void {
  new Gauge({
    name: 'firebreak_queued_deliveries',
    help: 'Alert deliveries stored during a burst and not yet ingested (they are, in arrival order)',
    registers: [metrics.registry],
    collect() {
      this.set(queued());
    },
  });
}
