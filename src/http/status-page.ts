/**
 * The public status page: incidents a commander published, with their status updates only. Nothing
 * internal (notes, people, alert labels, the timeline) is read into it. `GET /status` and an Atom
 * feed at `/status/feed.xml`; both need no credential.
 */
import type { FastifyInstance } from 'fastify';
import type { Incident } from '../core/incident.js';
import type { IncidentStore } from '../core/ports.js';
import { statusLabel } from '../core/render-incident.js';

export interface PublicUpdate {
  at: number;
  text: string;
}

export interface PublicIncident {
  id: string;
  title: string;
  status: string;
  severity: string | null;
  publishedAt: number;
  resolvedAt: number | null;
  updates: PublicUpdate[];
}

const SHOWN_RESOLVED_MS = 7 * 86_400_000;

/** Published incidents: open ones, and those resolved in the last week; updates newest first. */
export async function publicIncidents(store: IncidentStore, now: number): Promise<PublicIncident[]> {
  const incidents = (await store.listIncidents({ limit: 500 })).filter(
    (i): i is Incident & { published: NonNullable<Incident['published']> } => !!i.published && (i.resolvedAt === null || now - i.resolvedAt < SHOWN_RESOLVED_MS),
  );
  return Promise.all(
    incidents.map(async (i) => {
      const timeline = await store.timeline(i.id);
      const updates = timeline.filter((e) => e.kind === 'status_update' && e.text).map((e) => ({ at: e.at, text: e.text! }));
      if (i.resolvedAt !== null) updates.push({ at: i.resolvedAt, text: i.summary ? `Resolved: ${i.summary}` : 'Resolved.' });
      return { id: i.id, title: i.title, status: statusLabel(i.status), severity: i.severity, publishedAt: i.published.at, resolvedAt: i.resolvedAt, updates: updates.sort((a, b) => b.at - a.at) };
    }),
  );
}

export async function registerStatusPage(app: FastifyInstance, deps: { store: IncidentStore; now: () => number; publicUrl: () => string }): Promise<void> {
  app.get('/status', async (_request, reply) => {
    const incidents = await publicIncidents(deps.store, deps.now());
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderStatusHtml(incidents));
  });
  app.get('/status/feed.xml', async (_request, reply) => {
    const incidents = await publicIncidents(deps.store, deps.now());
    return reply.type('application/atom+xml; charset=utf-8').send(renderStatusAtom(incidents, deps.publicUrl(), deps.now()));
  });
}

export function renderStatusHtml(incidents: PublicIncident[]): string {
  const open = incidents.filter((i) => i.resolvedAt === null);
  const banner = open.length === 0 ? '<p class="ok">All systems operational</p>' : `<p class="bad">${open.length} ongoing ${open.length === 1 ? 'incident' : 'incidents'}</p>`;
  const items = incidents
    .map(
      (i) => `<section><h2>${esc(i.title)}</h2><p class="meta">${esc(i.status)}${i.severity ? ` · ${esc(i.severity)}` : ''}</p><ol>${i.updates
        .map((u) => `<li><time datetime="${new Date(u.at).toISOString()}">${esc(utc(u.at))}</time> ${esc(u.text)}</li>`)
        .join('')}</ol></section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Status</title><link rel="alternate" type="application/atom+xml" href="/status/feed.xml"><style>${CSS}</style></head><body><main><h1>Status</h1>${banner}${items}</main></body></html>`;
}

export function renderStatusAtom(incidents: PublicIncident[], publicUrl: string, now: number): string {
  const entries = incidents
    .flatMap((i) => i.updates.map((u) => ({ i, u })))
    .sort((a, b) => b.u.at - a.u.at)
    .map(({ i, u }) => `<entry><id>${esc(`${publicUrl}/status#${i.id}-${u.at}`)}</id><title>${esc(`${i.title}: ${i.status}`)}</title><updated>${new Date(u.at).toISOString()}</updated><link href="${esc(`${publicUrl}/status`)}"/><content type="text">${esc(u.text)}</content></entry>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>${esc(`${publicUrl}/status`)}</id><title>Status</title><updated>${new Date(now).toISOString()}</updated><link rel="self" href="${esc(`${publicUrl}/status/feed.xml`)}"/>${entries}</feed>`;
}

function utc(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Escapes for HTML text and attributes and for XML alike; control characters are dropped. */
function esc(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d1f23}main{max-width:42rem;margin:0 auto;padding:2rem 1rem}
.ok,.bad{padding:1rem;border-radius:10px;font-weight:600}.ok{background:#dcfce7;color:#14532d}.bad{background:#fee2e2;color:#7f1d1d}
section{background:#fff;border-radius:10px;padding:1rem 1.25rem;margin:1rem 0;box-shadow:0 1px 4px #0001}h2{margin:0;font-size:1.1rem}.meta{margin:.25rem 0;color:#555}
ol{list-style:none;padding:0;margin:.5rem 0 0}li{margin:.4rem 0}time{color:#555;font-size:.9em;margin-right:.5rem}
@media (prefers-color-scheme:dark){body{background:#16181c;color:#e8e9eb}section{background:#1f2227}.meta,time{color:#aaa}}`;
