/** Small inline SVG charts for the console's metrics page: drawn on the server, no script, no external asset. */
import type { DayCount, SeverityStats } from '../../core/incident-stats.js';
import { formatDuration } from '../../core/time-format.js';
import { esc } from './report-layout.js';

const PALETTE = ['#b91c1c', '#ea580c', '#ca8a04', '#2563eb', '#7c3aed', '#0d9488'];
const UNTRIAGED = '#6b7280';

/** A colour per severity, in the policy's order (most severe first); untriaged is grey. */
export function severityColours(severities: string[]): (severity: string) => string {
  return (s) => (s === 'untriaged' ? UNTRIAGED : PALETTE[Math.max(0, severities.indexOf(s)) % PALETTE.length]!);
}

/** Stacked bars: incidents declared per day, one colour per severity. */
export function dailyChart(days: DayCount[], order: string[], colour: (s: string) => string): string {
  const width = 720;
  const height = 180;
  const left = 28;
  const bottom = 22;
  const max = Math.max(1, ...days.map((d) => Object.values(d.bySeverity).reduce((a, b) => a + b, 0)));
  const slot = (width - left) / days.length;
  const bar = Math.max(2, slot * 0.7);
  const scale = (height - bottom - 8) / max;
  const parts: string[] = [];
  parts.push(`<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#999"/>`);
  parts.push(`<text x="${left - 6}" y="${height - bottom - max * scale + 4}" text-anchor="end">${max}</text><text x="${left - 6}" y="${height - bottom + 4}" text-anchor="end">0</text>`);
  days.forEach((d, n) => {
    const x = left + n * slot + (slot - bar) / 2;
    let y = height - bottom;
    const day = new Date(d.dayAt).toISOString().slice(5, 10);
    for (const severity of order) {
      const count = d.bySeverity[severity] ?? 0;
      if (!count) continue;
      const h = count * scale;
      y -= h;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${colour(severity)}"><title>${esc(`${day}: ${count} ${severity}`)}</title></rect>`);
    }
    const every = Math.ceil(days.length / 10);
    if (n % every === 0 || n === days.length - 1) parts.push(`<text x="${(x + bar / 2).toFixed(1)}" y="${height - 6}" text-anchor="middle">${day}</text>`);
  });
  return `<svg role="img" aria-label="Incidents per day by severity" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMid meet">${parts.join('')}</svg>`;
}

/** Two bars per severity: mean time to acknowledge and to resolve, on one scale. */
export function responseChart(stats: SeverityStats[], colour: (s: string) => string): string {
  const rowHeight = 34;
  const left = 90;
  const width = 720;
  const height = Math.max(1, stats.length) * rowHeight + 8;
  const max = Math.max(60_000, ...stats.flatMap((s) => [s.mttaMs ?? 0, s.mttrMs ?? 0]));
  const scale = (width - left - 90) / max;
  const parts: string[] = [];
  stats.forEach((s, n) => {
    const y = 4 + n * rowHeight;
    parts.push(`<text x="${left - 8}" y="${y + 18}" text-anchor="end">${esc(s.severity)}</text>`);
    const bars: [string, number | undefined, number][] = [['MTTA', s.mttaMs, 0.45], ['MTTR', s.mttrMs, 1]];
    bars.forEach(([label, ms, opacity], b) => {
      const by = y + b * 14;
      if (ms === undefined) {
        parts.push(`<text x="${left}" y="${by + 11}" class="muted">${label} —</text>`);
        return;
      }
      const w = Math.max(1, ms * scale);
      parts.push(`<rect x="${left}" y="${by}" width="${w.toFixed(1)}" height="12" fill="${colour(s.severity)}" fill-opacity="${opacity}"><title>${esc(`${s.severity} ${label} ${formatDuration(ms)}`)}</title></rect>`);
      parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${by + 11}">${label} ${esc(formatDuration(ms))}</text>`);
    });
  });
  return `<svg role="img" aria-label="Mean time to acknowledge and to resolve by severity" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMid meet">${parts.join('')}</svg>`;
}
