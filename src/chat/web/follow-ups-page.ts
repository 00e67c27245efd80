/** The console page of open follow-ups across incidents, oldest incident first, with owners and due dates. */
import type { Incident } from '../../core/incident.js';
import { formatTime } from '../../core/time-format.js';
import { esc, renderReportPage } from './report-layout.js';

export function renderFollowUpsPage(incidents: Incident[], now: number): string {
  const open = [...incidents]
    .sort((a, b) => a.seq - b.seq)
    .flatMap((i) => i.followUps.filter((f) => !f.doneAt).map((f) => ({ incident: i, f })));
  const rows = open
    .map(({ incident: i, f }) => {
      const id = encodeURIComponent(i.id);
      const overdue = f.dueAt !== undefined && f.dueAt < now;
      const due = f.dueAt ? `${esc(formatTime(f.dueAt).slice(0, 10))}${overdue ? ' <strong>overdue</strong>' : ''}` : '—';
      return `<tr><td><a href="/incidents/${id}">${esc(i.id)}</a><div class="muted">${esc(i.title)}</div></td><td class="num">#${f.id}</td><td>${esc(f.text)}</td><td>${f.owner ? esc(f.owner.name) : '<span class="muted">unassigned</span>'}</td><td>${due}</td></tr>`;
    })
    .join('');
  const body = open.length
    ? `<p>${open.length} open ${open.length === 1 ? 'follow-up' : 'follow-ups'}. Close one with <code>/incident followup done N</code> in its thread.</p><table><thead><tr><th scope="col">Incident</th><th scope="col">N</th><th scope="col">Follow-up</th><th scope="col">Owner</th><th scope="col">Due</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="empty">No open follow-ups.</p>';
  return renderReportPage('Open follow-ups', 'follow-ups', body);
}
