/**
 * Alerts → incidents. One transaction per delivery: the batch is stored, correlated by
 * (source, group key) and tracked per alert by (source, dedup key). Resends change nothing but
 * `lastSeenAt`; new alerts join their group's incident; a re-fire soon after resolution reopens it.
 */
import type { Alert, AlertBatch } from './alert.js';
import { AppError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import type { StoreTx, StoredAlert } from './ports.js';
import { ACTION } from './actions.js';
import { renderAlerts } from './render-incident.js';
import { reopenBroadcast } from './status-broadcasts.js';
import { plainResolutionMessage } from './status-messages.js';
import { routeAlert, severityFromHint } from './routing.js';
import { attachRunbook } from './runbook-flow.js';
import { applyPagerEvent, findLinkedIncident } from './pager-events.js';

export interface IntakeResult {
  accepted: number;
  incidents: string[];
  ignored: number;
  /** The delivery id was seen before: nothing was done again. */
  duplicate?: boolean;
}

/** A delivery id (PagerDuty `X-Webhook-Id`), recorded in the same transaction as the alerts. */
export interface DeliveryKey {
  source: string;
  id: string;
}

/** Thrown when a concurrent delivery claimed the same group first; the whole delivery is retried. */
class GroupClaimed extends AppError {
  constructor() {
    super('group_claimed', 'alert group claimed concurrently');
  }
}

export interface IngestOptions {
  delivery?: DeliveryKey;
  /**
   * The delivery's `deliveryDigest`, for a delivery a resend may repeat (no delivery id, no pager
   * event): the group it alone told keeps it, so that its resends are known.
   */
  digest?: string;
  /** The delivery was queued (`AlertIntake`): it is taken off the queue in the same transaction. */
  queuedId?: number;
}

export async function ingestAlerts(service: IncidentService, batch: AlertBatch, options: IngestOptions = {}): Promise<IntakeResult> {
  const { delivery, digest, queuedId } = options;
  const grouped = groupAlerts(service, batch);
  const told = digest !== undefined && !delivery && !batch.pagerEvent && grouped.groups.length === 1 && grouped.ignored === 0 ? digest : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await service.deps.store.transaction(async (tx) => {
        if (queuedId !== undefined && !(await tx.takeQueuedDelivery(queuedId))) {
          return { accepted: 0, incidents: [], ignored: 0, duplicate: true };
        }
        if (delivery && !(await tx.markDelivery(delivery.source, delivery.id, service.deps.clock.now()))) {
          return { accepted: 0, incidents: [], ignored: 0, duplicate: true };
        }
        if (batch.pagerEvent) return ingestPagerEvent(service, tx, batch, grouped);
        return ingestIn(service, tx, batch, grouped, told);
      });
    } catch (err) {
      if (!(err instanceof GroupClaimed) || attempt >= 3) throw err;
    }
  }
}

/** The batch's alerts by group, in arrival order, minus those routing ignores. */
interface GroupedAlerts {
  groups: Alert[][];
  ignored: number;
}

function groupAlerts(service: IncidentService, batch: AlertBatch): GroupedAlerts {
  const groups = new Map<string, Alert[]>();
  let ignored = 0;
  for (const alert of batch.alerts) {
    const rule = routeAlert(service.policy, alert);
    if (rule?.ignore) {
      ignored++;
      continue;
    }
    const key = `${alert.source}\u0000${alert.groupKey}`;
    const group = groups.get(key);
    if (group) group.push(alert);
    else groups.set(key, [alert]);
  }
  return { groups: [...groups.values()], ignored };
}

/**
 * PagerDuty: the event id is signed with the body, so it is deduplicated too (a replay under a
 * fresh X-Webhook-Id does nothing). The event is synced onto its linked incident; an incident
 * Firebreak paged is not opened again from its own alert.
 */
async function ingestPagerEvent(service: IncidentService, tx: StoreTx, batch: AlertBatch, grouped: GroupedAlerts): Promise<IntakeResult> {
  const ev = batch.pagerEvent!;
  const source = 'pagerduty' as const;
  if (!(await tx.markDelivery(`${source}:event`, ev.eventId, service.deps.clock.now()))) {
    return { accepted: 0, incidents: [], ignored: 0, duplicate: true };
  }
  const linked = await findLinkedIncident(tx, source, ev);
  if (linked) await applyPagerEvent(service, tx, source, linked.id, ev);
  if (linked && !linked.fromAlert) return { accepted: 0, incidents: [linked.id], ignored: 0 };
  const result = await ingestIn(service, tx, batch, grouped);
  const opened = result.incidents[0];
  if (!linked && opened) await applyPagerEvent(service, tx, source, opened, ev);
  return result;
}

async function ingestIn(service: IncidentService, tx: StoreTx, batch: AlertBatch, grouped: GroupedAlerts, digest?: string): Promise<IntakeResult> {
  const result: IntakeResult = { accepted: 0, incidents: [], ignored: grouped.ignored };
  const seen = new Set<string>();
  for (const alerts of grouped.groups) {
    const id = await ingestGroup(service, tx, alerts, batch, digest);
    result.accepted += alerts.length;
    if (id && !seen.has(id)) result.incidents.push(id);
    if (id) seen.add(id);
  }
  return result;
}

/** One group's alerts onto its incident; the group then keeps the digest of a delivery that told it alone. */
async function ingestGroup(service: IncidentService, tx: StoreTx, alerts: Alert[], batch: AlertBatch, digest?: string): Promise<string | undefined> {
  const id = await applyGroup(service, tx, alerts, batch);
  const told = digest === undefined ? null : { digest, dedupKeys: alerts.map((a) => a.dedupKey) };
  if (id) await tx.setGroupDigest(alerts[0]!.source, alerts[0]!.groupKey, told);
  return id;
}

async function applyGroup(service: IncidentService, tx: StoreTx, alerts: Alert[], batch: AlertBatch): Promise<string | undefined> {
  const first = alerts[0]!;
  const now = service.deps.clock.now();
  const firing = alerts.filter((a) => a.status === 'firing');
  const group = await tx.findAlertGroup(first.source, first.groupKey);
  const actor: Person = { id: `alert:${first.source}`, name: sourceName(first.source) };

  const work = group && (await service.openIfExists(tx, group.incidentId));
  if (!work) {
    if (firing.length === 0) return undefined;
    return declareFromAlerts(service, tx, alerts, actor, batch);
  }
  if (work.incident.status === 'resolved' && (await anyRefiring(tx, firing))) {
    const windowMs = service.policy.alerts.reopenWindowMinutes * 60_000;
    if (now - (work.incident.resolvedAt ?? 0) > windowMs) {
      return declareFromAlerts(service, tx, alerts, actor, batch);
    }
    work.apply(life.reopen(work.incident, actor, now, 'An alert fired again.'));
    work.broadcast(reopenBroadcast(work.incident, actor, `${(firing[0] ?? first).title} fired again.`));
    work.say(`♻️ ${bold(first.title)} fired again within ${service.policy.alerts.reopenWindowMinutes} min of resolution; ${work.incident.id} is reopened.`);
  }
  await trackAlerts(service, work, alerts, batch, false);
  await service.finish(work);
  return work.incident.id;
}

async function declareFromAlerts(service: IncidentService, tx: StoreTx, alerts: Alert[], actor: Person, batch: AlertBatch): Promise<string> {
  const first = alerts.find((a) => a.status === 'firing') ?? alerts[0]!;
  const rule = routeAlert(service.policy, first);
  const severity = rule?.severity ?? severityFromHint(service.policy, first.severityHint);
  const incident = await service.declareIn(
    tx,
    {
      title: batch.group?.title ?? first.title,
      description: batch.group?.summary ?? first.summary,
      severity,
      declaredBy: actor,
      source: `alert:${first.source}`,
      autoResolve: rule?.autoResolve ?? false,
    },
    async (work) => {
      const owner = await tx.claimAlertGroup({ source: first.source, groupKey: first.groupKey, incidentId: work.incident.id });
      if (owner !== work.incident.id) {
        const previous = await tx.lockIncident(owner);
        if (previous && previous.status !== 'resolved') throw new GroupClaimed();
        await tx.moveAlertGroup({ source: first.source, groupKey: first.groupKey, incidentId: work.incident.id });
      }
      await trackAlerts(service, work, alerts, batch, true);
      const runbook = (rule?.runbook && service.deps.runbooks.get(rule.runbook)) || service.deps.runbooks.forAlert(first);
      if (runbook) attachRunbook(work, runbook, actor);
    },
  );
  return incident.id;
}

/** Upserts each alert; posts or edits the alerts message; says when every alert has resolved. */
async function trackAlerts(service: IncidentService, work: IncidentWork, alerts: Alert[], batch: AlertBatch, fresh: boolean): Promise<void> {
  const { tx, now } = work;
  let changed = fresh;
  const incidentId = work.incident.id;
  for (const alert of alerts) {
    const stored = await tx.getAlert(alert.source, alert.dedupKey);
    // The same alert told in another group (overlapping routes): that group's next delivery is no resend.
    if (stored && stored.groupKey !== alert.groupKey) await tx.setGroupDigest(stored.source, stored.groupKey, null);
    const moved = stored !== undefined && stored.incidentId !== incidentId;
    if (stored && !moved && isStale(alert, stored)) {
      // An older notification (a retry, a lagging HA peer) never overrides a newer state.
      await tx.saveAlert({ ...stored, lastSeenAt: now });
      continue;
    }
    const next: StoredAlert = {
      ...(stored && !moved ? merged(stored, alert, now) : alert),
      incidentId,
      firstSeenAt: stored && !moved ? stored.firstSeenAt : now,
      lastSeenAt: now,
    };
    if (!stored || moved) {
      changed = true;
      work.events.push(life.event(work.incident, now, actorOf(alert), 'alert_added', { text: alert.title, data: { source: alert.source, dedupKey: alert.dedupKey, status: alert.status, ...linksOf(alert) } }));
    } else if (stored.status !== alert.status) {
      changed = true;
      const kind = alert.status === 'resolved' ? 'alert_resolved' : 'alert_added';
      work.events.push(life.event(work.incident, now, actorOf(alert), kind, { text: alert.title, data: { source: alert.source, dedupKey: alert.dedupKey, status: alert.status, ...(kind === 'alert_added' ? linksOf(alert) : {}) } }));
    }
    await tx.saveAlert(next);
  }
  if (batch.groupStatus === 'resolved' && !batch.truncated) changed = (await resolveRest(work, alerts)) || changed;
  if (batch.unlisted !== undefined && batch.unlisted !== (work.incident.alertsUnlisted ?? 0)) {
    work.apply({ incident: { ...work.incident, alertsUnlisted: batch.unlisted }, events: [] });
    changed = true;
  }
  if (!changed) return;

  const all = await tx.alertsOf(incidentId);
  if (fresh) work.post(renderAlerts(work.incident, all), 'alerts');
  else work.edit('alerts', renderAlerts(work.incident, all));
  const wasFiring = !fresh && alerts.some((a) => a.status === 'resolved');
  if (wasFiring && all.length > 0 && all.every((a) => a.status === 'resolved') && life.isOpen(work.incident)) {
    allResolved(service, work);
  }
}

/** The group is resolved as a whole: alerts that were not listed are resolved too (never when truncated). */
async function resolveRest(work: IncidentWork, listed: Alert[]): Promise<boolean> {
  const keys = new Set(listed.map((a) => a.dedupKey));
  let changed = false;
  for (const stored of await work.tx.alertsOf(work.incident.id)) {
    if (stored.status === 'firing' && !keys.has(stored.dedupKey) && stored.groupKey === listed[0]!.groupKey) {
      await work.tx.saveAlert({ ...stored, status: 'resolved', lastSeenAt: work.now });
      work.events.push(life.event(work.incident, work.now, actorOf(stored), 'alert_resolved', { text: stored.title, data: { dedupKey: stored.dedupKey } }));
      changed = true;
    }
  }
  return changed;
}

function allResolved(service: IncidentService, work: IncidentWork): void {
  const actor: Person = { id: 'system:firebreak', name: 'Firebreak' };
  work.events.push(life.event(work.incident, work.now, actor, 'alerts_resolved'));
  if (work.incident.autoResolve) {
    work.apply(life.resolve(work.incident, actor, work.now, 'All alerts resolved (auto-resolve).'));
    work.post({ text: `${work.incident.id} resolved: all alerts resolved`, blocks: [{ type: 'text', text: `✅ Every alert has resolved; ${bold(work.incident.id)} resolved itself (auto-resolve).` }], accent: 'ok' });
    work.broadcast(plainResolutionMessage(service.policy, work.incident, actor, service.deps.publicUrl, `${work.incident.id} resolved`, 'Every alert resolved (auto-resolve).'));
    return;
  }
  work.post({
    text: `All alerts of ${work.incident.id} have resolved`,
    blocks: [
      { type: 'text', text: `✅ Every alert of ${bold(work.incident.id)} has resolved. Resolve the incident when users are fine.` },
      { type: 'actions', elements: [{ type: 'button', actionId: ACTION.resolveNow, label: 'Resolve incident', value: work.incident.id, style: 'primary' }] },
    ],
    accent: 'ok',
  });
}

/**
 * A firing alert is news when it was not firing before: a resend of a still-firing alert reopens
 * nothing, and neither does an old notification of the firing that has since resolved.
 */
async function anyRefiring(tx: StoreTx, firing: Alert[]): Promise<boolean> {
  for (const alert of firing) {
    const stored = await tx.getAlert(alert.source, alert.dedupKey);
    if (!stored || (stored.status === 'resolved' && !isStale(alert, stored))) return true;
  }
  return false;
}

/**
 * Whether a notification is older than the state stored, by the source's own times: a "firing"
 * that started before the stored resolution ended is the same firing, told late; a "resolved" that
 * ended before the stored firing started is an earlier one. Sources without times go by arrival.
 */
export function isStale(alert: Alert, stored: StoredAlert): boolean {
  if (alert.status === stored.status) return false;
  if (alert.status === 'firing') {
    return alert.startedAt !== undefined && stored.endedAt !== undefined && !stored.endedOnArrival && alert.startedAt < stored.endedAt;
  }
  return alert.endedAt !== undefined && stored.startedAt !== undefined && alert.endedAt < stored.startedAt;
}

/** A notification updates what it tells; what it leaves out (a bare "resolved" has no labels) is kept. */
function merged(stored: StoredAlert, alert: Alert, now: number): Alert & Pick<StoredAlert, 'endedOnArrival'> {
  // Times are the notification's own: a re-fire starts anew, only a resolution has an end.
  const { startedAt: storedStart, endedAt: _end, endedOnArrival: _arrival, ...kept } = stored;
  const next: Alert & Pick<StoredAlert, 'endedOnArrival'> = {
    ...kept,
    status: alert.status,
    title: alert.title || stored.title,
    summary: alert.summary || stored.summary,
    labels: Object.keys(alert.labels).length > 0 ? alert.labels : stored.labels,
    links: alert.links.length > 0 ? alert.links : stored.links,
  };
  const severityHint = alert.severityHint ?? stored.severityHint;
  if (severityHint !== undefined) next.severityHint = severityHint;
  const refired = alert.status === 'firing' && stored.status === 'resolved';
  const startedAt = refired ? alert.startedAt : (alert.startedAt ?? storedStart);
  if (startedAt !== undefined) next.startedAt = startedAt;
  if (alert.status === 'resolved') {
    next.endedAt = alert.endedAt ?? now;
    if (alert.endedAt === undefined) next.endedOnArrival = true;
  }
  return next;
}

function actorOf(alert: Pick<Alert, 'source'>): Person {
  return { id: `alert:${alert.source}`, name: sourceName(alert.source) };
}

function sourceName(source: string): string {
  const names: Record<string, string> = {
    alertmanager: 'Alertmanager',
    grafana: 'Grafana',
    pagerduty: 'PagerDuty',
    sentry: 'Sentry',
    statuscake: 'StatusCake',
    datadog: 'Datadog',
    generic: 'Webhook',
  };
  return names[source] ?? escapeText(source);
}

/** The alert's links (Grafana panel image, Sentry issue, Alertmanager `generatorURL`…), kept on the timeline as evidence. */
function linksOf(alert: Alert): { links?: Alert['links'] } {
  return alert.links.length ? { links: alert.links.slice(0, 8) } : {};
}
