/** The console's server-rendered pages (metrics, follow-ups, a full timeline): one shell, no scripts, no external assets. */
import type { FastifyReply } from 'fastify';

export type ReportNav = 'console' | 'follow-ups' | 'metrics' | 'timeline';

const NAV: { id: ReportNav; label: string; href: string }[] = [
  { id: 'console', label: 'Console', href: '/' },
  { id: 'follow-ups', label: 'Follow-ups', href: '/console/follow-ups' },
  { id: 'metrics', label: 'Metrics', href: '/console/metrics' },
];

export function renderReportPage(title: string, active: ReportNav, body: string): string {
  const nav = NAV.map((n) => `<a href="${n.href}"${n.id === active ? ' aria-current="page"' : ''}>${esc(n.label)}</a>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)} · Firebreak</title><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><style>${CSS}</style></head><body><nav class="top" aria-label="Console">${nav}</nav><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

/** Sends a report page. `images`: alert images (Grafana panels) may load from http(s) hosts; nothing else does. */
export function sendReportPage(reply: FastifyReply, html: string, options: { images?: boolean } = {}): FastifyReply {
  const img = options.images ? "img-src 'self' https: http:" : "img-src 'self'";
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; ${img}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`)
    .send(html);
}

/** Escapes for HTML text and attributes; control characters are dropped. */
export function esc(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An http(s) URL for an `href`/`src`, or undefined (no `javascript:`, no `data:`). */
export function httpUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d1f23}
nav.top{display:flex;gap:1rem;padding:.75rem 1.25rem;background:#1d1f23}nav.top a{color:#e8e9eb;text-decoration:none}nav.top a[aria-current]{font-weight:700;text-decoration:underline}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e3e5e8;vertical-align:top}
th{background:#eef0f3;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#666}.empty{padding:1rem;background:#fff;border-radius:8px}
.tabs a{margin-right:.75rem}.tabs a[aria-current]{font-weight:700}figure{margin:1rem 0;background:#fff;border-radius:8px;padding:.75rem}figcaption{font-weight:600;margin-bottom:.5rem}
svg text{font:12px system-ui,sans-serif;fill:currentColor}.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border-radius:2px}
ol.timeline{list-style:none;padding:0}ol.timeline li{background:#fff;border-radius:8px;padding:.5rem .75rem;margin:.4rem 0}ol.timeline time{color:#666;margin-right:.5rem;font-variant-numeric:tabular-nums}
.kind{font-size:.8em;color:#555;background:#eef0f3;border-radius:4px;padding:0 .35em;margin-right:.4em}ol.timeline img{display:block;max-width:100%;max-height:20rem;margin:.4rem 0;border-radius:4px}
@media (prefers-color-scheme:dark){body{background:#16181c;color:#e8e9eb}table,figure,.empty,ol.timeline li{background:#1f2227}th{background:#2a2e35}td,th{border-color:#333}.muted,ol.timeline time{color:#aaa}.kind{background:#2a2e35;color:#ccc}}`;
