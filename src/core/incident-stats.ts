/** `/incident stats [7d|30d]`: how many incidents, and how fast they were acknowledged and resolved. */
import { bold } from './format.js';
import type { Incident } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { formatDuration } from './time-format.js';

export interface SeverityStats {
  severity: string;
  count: number;
  open: number;
  /** Mean time to acknowledge, over the acknowledged ones. */
  mttaMs?: number;
  /** Mean time to resolve, over the resolved ones. */
  mttrMs?: number;
}

/** An incident's severity and response times: what the histograms on `/metrics` are built from. */
export interface ResponseTimes {
  severity: string | null;
  declaredAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

/** Incidents declared per UTC day from `since`'s day to `now`'s, by severity, oldest first (empty days included). */
export interface DayCount {
  /** Midnight UTC of the day. */
  dayAt: number;
  bySeverity: Record<string, number>;
}

const DAY_MS = 86_400_000;

export function dailyCounts(incidents: Pick<Incident, 'severity' | 'declaredAt'>[], since: number, now: number): DayCount[] {
  const first = Math.floor(since / DAY_MS) * DAY_MS;
  const days = Math.floor(now / DAY_MS) - Math.floor(since / DAY_MS) + 1;
  const out: DayCount[] = Array.from({ length: Math.max(1, days) }, (_, n) => ({ dayAt: first + n * DAY_MS, bySeverity: {} }));
  for (const i of incidents) {
    if (i.declaredAt < since) continue;
    const index = (Math.floor(i.declaredAt / DAY_MS) * DAY_MS - out[0]!.dayAt) / DAY_MS;
    const day = out[index];
    if (!day) continue;
    const severity = i.severity ?? 'untriaged';
    day.bySeverity[severity] = (day.bySeverity[severity] ?? 0) + 1;
  }
  return out;
}

export function incidentStats(incidents: Incident[], since: number): SeverityStats[] {
  const inWindow = incidents.filter((i) => i.declaredAt >= since);
  const bySeverity = new Map<string, Incident[]>();
  for (const i of inWindow) bySeverity.set(i.severity ?? 'untriaged', [...(bySeverity.get(i.severity ?? 'untriaged') ?? []), i]);
  return [...bySeverity.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([severity, list]) => {
      const stats: SeverityStats = { severity, count: list.length, open: list.filter((i) => i.status !== 'resolved').length };
      const mtta = mean(list.flatMap((i) => (i.acknowledgedAt === null ? [] : [i.acknowledgedAt - i.declaredAt])));
      const mttr = mean(list.flatMap((i) => (i.resolvedAt === null ? [] : [i.resolvedAt - i.declaredAt])));
      if (mtta !== undefined) stats.mttaMs = mtta;
      if (mttr !== undefined) stats.mttrMs = mttr;
      return stats;
    });
}

export async function showStats(service: IncidentService, windowDays: number): Promise<Reply> {
  const since = service.deps.clock.now() - windowDays * 86_400_000;
  const stats = incidentStats(await service.deps.store.listIncidents({ limit: 5_000 }), since);
  const total = stats.reduce((n, s) => n + s.count, 0);
  if (total === 0) return { message: message(`No incidents in the last ${windowDays} days.`) };
  const lines = stats.map((s) => {
    const mtta = s.mttaMs === undefined ? '—' : formatDuration(s.mttaMs);
    const mttr = s.mttrMs === undefined ? '—' : formatDuration(s.mttrMs);
    return `${bold(s.severity)} · ${s.count} (${s.open} open) · MTTA ${mtta} · MTTR ${mttr}`;
  });
  return { message: message(`${bold(`${total} incidents in the last ${windowDays} days`)}\n${lines.join('\n')}`) };
}

function mean(values: number[]): number | undefined {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}
