import type { Incident, TimelineEvent } from '../core/incident.js';
import type { StoredAlert } from '../core/ports.js';

const iso = (at: number | null | undefined) => (at === null || at === undefined ? null : new Date(at).toISOString());

/** The JSON shape of an incident for scripts: ISO timestamps, nothing internal. */
export function toIncidentJson(i: Incident, publicUrl: string) {
  return {
    id: i.id,
    title: i.title,
    description: i.description,
    severity: i.severity,
    status: i.status,
    roles: i.roles,
    declaredBy: i.declaredBy,
    source: i.source,
    declaredAt: iso(i.declaredAt),
    acknowledgedAt: iso(i.acknowledgedAt),
    lastUpdateAt: iso(i.lastUpdateAt),
    resolvedAt: iso(i.resolvedAt),
    summary: i.summary,
    followUps: i.followUps.map((f) => ({ ...f, createdAt: iso(f.createdAt) })),
    runbooks: i.runbooks.map((r) => ({
      runbookId: r.runbookId,
      attachedBy: r.attachedBy,
      attachedAt: iso(r.attachedAt),
      steps: r.steps.map((s) => ({ ...s, step: s.index + 1, at: iso(s.at) })),
    })),
    url: `${publicUrl}/incidents/${i.id}`,
    pager: i.pager
      ? {
          name: i.pager.name,
          id: i.pager.id ?? null,
          url: i.pager.url ?? null,
          number: i.pager.number ?? null,
          status: i.pager.status,
          assignee: i.pager.assignee ?? null,
          pagedByFirebreak: i.pager.pagedHere,
          updatedAt: iso(i.pager.updatedAt),
        }
      : null,
    updatedAt: iso(i.updatedAt),
  };
}

export function toTimelineJson(e: TimelineEvent) {
  const { incidentId: _omit, at, ...rest } = e;
  return { at: iso(at), ...rest };
}

export function toAlertJson(a: StoredAlert) {
  return {
    source: a.source,
    groupKey: a.groupKey,
    dedupKey: a.dedupKey,
    status: a.status,
    title: a.title,
    summary: a.summary,
    labels: a.labels,
    severityHint: a.severityHint ?? null,
    links: a.links,
    startedAt: iso(a.startedAt),
    endedAt: iso(a.endedAt),
    firstSeenAt: iso(a.firstSeenAt),
    lastSeenAt: iso(a.lastSeenAt),
  };
}
