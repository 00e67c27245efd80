/** The full timeline of an incident in the console: every event, the evidence people kept, alert links and panel images. */
import type { Incident, TimelineEvent } from '../../core/incident.js';
import { alertLinks } from '../../core/postmortem-sections.js';
import { statusLabel } from '../../core/render-incident.js';
import { describeEvent } from '../../core/timeline-text.js';
import { formatTime } from '../../core/time-format.js';
import { esc, httpUrl, renderReportPage } from './report-layout.js';

export function renderTimelinePage(incident: Incident, timeline: TimelineEvent[]): string {
  const id = encodeURIComponent(incident.id);
  const items = timeline.map((e) => `<li id="event-${e.at}-${e.kind}"><time datetime="${new Date(e.at).toISOString()}">${esc(formatTime(e.at))}</time><span class="kind">${esc(e.kind.replace(/_/g, ' '))}</span>${describe(e)}${extras(e)}</li>`).join('');
  const body = `<p>${esc(incident.title)} · ${esc(incident.severity ?? 'untriaged')} · ${esc(statusLabel(incident.status))} · <a href="/incidents/${id}">thread</a> · <a href="/api/incidents/${id}/postmortem.md">post-mortem draft</a></p>
${timeline.length ? `<ol class="timeline">${items}</ol>` : '<p class="empty">Nothing on the timeline yet.</p>'}`;
  return renderReportPage(`Timeline of ${incident.id}`, 'timeline', body);
}

function describe(e: TimelineEvent): string {
  return esc(describeEvent(e, (t) => t).replace(/^\*\*Status update\*\*/, 'Status update'));
}

/** What an event links to: a kept message's permalink, an alert's links; images shown inline. */
function extras(e: TimelineEvent): string {
  const parts: string[] = [];
  if (e.kind === 'evidence') {
    const author = (e.data?.author as { name?: string } | undefined)?.name;
    const postedAt = typeof e.data?.postedAt === 'number' ? e.data.postedAt : undefined;
    const link = httpUrl(e.data?.link) ?? (typeof e.data?.link === 'string' && e.data.link.startsWith('/') ? e.data.link : undefined);
    const meta = [author ? `by ${esc(author)}` : '', postedAt ? `posted ${esc(formatTime(postedAt))}` : ''].filter(Boolean).join(', ');
    parts.push(`<div class="muted">${meta}${link ? ` · <a href="${esc(link)}" rel="noopener noreferrer">open the message</a>` : ''}</div>`);
  }
  const links = alertLinks(e).flatMap((l) => {
    const url = httpUrl(l.url);
    return url ? [{ ...l, url }] : [];
  });
  if (links.length) {
    parts.push(`<div>${links.map((l) => `<a href="${esc(l.url)}" rel="noopener noreferrer">${esc(l.label)}</a>`).join(' · ')}</div>`);
    for (const l of links.filter((x) => x.image)) parts.push(`<img src="${esc(l.url)}" alt="${esc(l.label)}" loading="lazy" referrerpolicy="no-referrer">`);
  }
  return parts.join('');
}
