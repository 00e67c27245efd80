/** The console's metrics page: incidents per day by severity, MTTA and MTTR per severity, for 7 or 30 days. */
import { dailyCounts, incidentStats } from '../../core/incident-stats.js';
import type { Incident } from '../../core/incident.js';
import { formatDuration } from '../../core/time-format.js';
import { dailyChart, responseChart, severityColours } from './metrics-chart.js';
import { esc, renderReportPage } from './report-layout.js';

export const METRIC_WINDOWS = { '7d': 7, '30d': 30 } as const;
export type MetricWindow = keyof typeof METRIC_WINDOWS;

export function renderMetricsPage(incidents: Incident[], window: MetricWindow, now: number, severities: string[]): string {
  const days = METRIC_WINDOWS[window];
  const since = now - days * 86_400_000;
  const stats = incidentStats(incidents, since);
  const known = new Set(stats.map((s) => s.severity));
  const order = [...severities, 'untriaged', ...[...known].filter((s) => s !== 'untriaged' && !severities.includes(s))];
  const shown = order.filter((s) => known.has(s)).map((s) => stats.find((x) => x.severity === s)!);
  const colour = severityColours(severities);
  const tabs = (Object.keys(METRIC_WINDOWS) as MetricWindow[])
    .map((w) => `<a href="/console/metrics?window=${w}"${w === window ? ' aria-current="page"' : ''}>Last ${METRIC_WINDOWS[w]} days</a>`)
    .join('');
  const total = stats.reduce((n, s) => n + s.count, 0);
  const legend = shown.map((s) => `<span><i style="background:${colour(s.severity)}"></i>${esc(s.severity)}</span>`).join('');
  const rows = shown
    .map((s) => `<tr><th scope="row">${esc(s.severity)}</th><td class="num">${s.count}</td><td class="num">${s.open}</td><td class="num">${duration(s.mttaMs)}</td><td class="num">${duration(s.mttrMs)}</td></tr>`)
    .join('');
  const body = total === 0
    ? `<p class="tabs">${tabs}</p><p class="empty">No incidents in the last ${days} days.</p>`
    : `<p class="tabs">${tabs}</p>
<p>${total} ${total === 1 ? 'incident' : 'incidents'} declared in the last ${days} days.</p>
<figure><figcaption>Incidents per day (UTC) by severity</figcaption>${dailyChart(dailyCounts(incidents, since, now), order, colour)}<p class="legend">${legend}</p></figure>
<figure><figcaption>Mean time to acknowledge (MTTA) and to resolve (MTTR)</figcaption>${responseChart(shown, colour)}</figure>
<table><thead><tr><th scope="col">Severity</th><th scope="col">Incidents</th><th scope="col">Open</th><th scope="col">MTTA</th><th scope="col">MTTR</th></tr></thead><tbody>${rows}</tbody></table>`;
  return renderReportPage('Metrics', 'metrics', `${body}
<p class="muted">Times count from the declaration. Prometheus histograms of the same times: <code>firebreak_time_to_acknowledge_seconds</code> and <code>firebreak_time_to_resolve_seconds</code> on <a href="/metrics">/metrics</a>.</p>`);
}

function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : esc(formatDuration(ms));
}
