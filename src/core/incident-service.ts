/** The incident use cases: each runs in one store transaction and queues the messages it causes. */
import type { Alert } from './alert.js';
import type { Clock } from './clock.js';
import { NotFoundError } from './errors.js';
import { declareIncident, type DeclareInput, type Incident } from './incident.js';
import { IncidentWork } from './incident-work.js';
import { syncPager } from './paging.js';
import type { Logger } from './logger.js';
import type { Policy } from './policy.js';
import type { IncidentStore, Pager, StoreTx } from './ports.js';
import { renderHeader, statusLabel } from './render-incident.js';
import { initialNotification } from './status-messages.js';
import type { Runbook } from './runbook.js';
import { syncTimers } from './timers.js';
import { beginTriage } from './triage.js';

export interface RunbookCatalog {
  list(): Runbook[];
  get(id: string): Runbook | undefined;
  /** `/incident runbook <name>`: id, id prefix or title words. */
  find(query: string): Runbook | undefined;
  forAlert(alert: Pick<Alert, 'source' | 'labels'>): Runbook | undefined;
}

export interface ServiceDeps {
  store: IncidentStore;
  clock: Clock;
  policy: Policy;
  publicUrl: string;
  runbooks: RunbookCatalog;
  pager?: Pager;
  log: Logger;
}

/** What a use case adds to a freshly declared incident before it is stored (runbook, alerts, triage). */
export type DeclareHook = (work: IncidentWork) => Promise<void> | void;

export class IncidentService {
  constructor(readonly deps: ServiceDeps) {}

  get policy(): Policy {
    return this.deps.policy;
  }

  async get(id: string): Promise<Incident> {
    const incident = await this.deps.store.getIncident(id);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    return incident;
  }

  /** Declares an incident and opens its thread. `hook` adds what the caller knows (alerts, runbook). */
  async declare(input: DeclareInput, hook?: DeclareHook): Promise<Incident> {
    return this.deps.store.transaction((tx) => this.declareIn(tx, input, hook));
  }

  async declareIn(tx: StoreTx, input: DeclareInput, hook?: DeclareHook): Promise<Incident> {
    const now = this.deps.clock.now();
    const change = declareIncident(await tx.nextIncidentSeq(), input, now);
    const work = new IncidentWork(tx, change.incident, undefined, now).apply(change);
    const sev = change.incident.severity ?? 'untriaged';
    work.broadcast(initialNotification(this.deps.policy, change.incident, this.deps.publicUrl));
    await hook?.(work);
    // Untriaged: ask the triage questions in the thread right away.
    if (!work.incident.severity) beginTriage(work, this.deps.policy);
    await this.finish(work);
    this.deps.log.info({ incidentId: change.incident.id, severity: sev, source: input.source }, 'incident declared');
    return work.incident;
  }

  /** Runs `fn` on the locked incident and stores everything it did, in one transaction. */
  async withIncident<T>(id: string, fn: (work: IncidentWork) => Promise<T> | T): Promise<{ incident: Incident; result: T }> {
    return this.deps.store.transaction(async (tx) => {
      const work = await this.open(tx, id);
      const result = await fn(work);
      await this.finish(work);
      return { incident: work.incident, result };
    });
  }

  async open(tx: StoreTx, id: string): Promise<IncidentWork> {
    const work = await this.openIfExists(tx, id);
    if (!work) throw new NotFoundError(`No incident ${id}`);
    return work;
  }

  /** Locks the incident and starts work on it; undefined when there is no such incident. */
  async openIfExists(tx: StoreTx, id: string): Promise<IncidentWork | undefined> {
    const incident = await tx.lockIncident(id);
    return incident ? new IncidentWork(tx, incident, incident, this.deps.clock.now()) : undefined;
  }

  /** Persists the work: the incident row, its timeline, the header edit, queued messages and timers. */
  async finish(work: IncidentWork): Promise<void> {
    // Acknowledged or resolved here: the pager is told in this same transaction.
    await syncPager(this, work);
    const { tx, incident, before } = work;
    const changed = before === undefined || incident !== before;
    if (before === undefined) await tx.insertIncident(incident);
    else if (changed) await tx.updateIncident(incident);
    await tx.appendTimeline(work.events);
    // The header counts firing alerts: it is stale when the alerts changed, even if the incident did not.
    const headerStale = changed || work.messages.some((m) => m.key === 'alerts');
    if (!headerStale) {
      await tx.enqueue(work.messages);
    } else {
      const header = renderHeader(incident, this.deps.policy, this.deps.publicUrl, await this.alertCounts(tx, incident.id));
      const to = { kind: 'thread', incidentId: incident.id } as const;
      await tx.enqueue(
        before === undefined
          ? [{ to, op: 'post', key: 'header', message: header }, ...work.messages]
          : [...work.messages, { to, op: 'update', key: 'header', message: header }],
      );
    }
    if (changed) await syncTimers(tx, this.deps.policy, before, incident, work.now);
    if (before && before.status !== incident.status && incident.status !== 'resolved') {
      this.deps.log.info({ incidentId: incident.id, status: incident.status }, `incident ${statusLabel(incident.status).toLowerCase()}`);
    }
  }

  private async alertCounts(tx: StoreTx, id: string): Promise<{ firing: number; total: number }> {
    const alerts = await tx.alertsOf(id);
    return { firing: alerts.filter((a) => a.status === 'firing').length, total: alerts.length };
  }
}
