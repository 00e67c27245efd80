// The sidebar: channels, the incident list, who you are, the live indicator.
import { clear, h, icon } from './dom.js';
import { plainText } from './markup.js';

const CHANNELS = [
  { id: 'incidents', href: '/' },
  { id: 'status', href: '/?channel=status' },
];

/** An incident from `/api/incidents`, reduced to what the sidebar shows. */
export function toSidebarIncident(incident) {
  return {
    id: String(incident.id),
    seq: Number(incident.seq ?? String(incident.id).replace(/\D/g, '')) || 0,
    title: String(incident.title ?? ''),
    severity: incident.severity ?? null,
    status: incident.status ?? null,
  };
}

/** Without the scripting API, the incident list comes from the thread roots the console has. */
export function incidentsFromRoots(rows) {
  const byId = new Map();
  for (const row of rows) {
    if (row.channel !== 'incidents' || row.threadId !== null || !row.incidentId) continue;
    const title = plainText(row.message.text ?? '').replace(new RegExp(`^\\W*${row.incidentId}\\W*`, 'i'), '');
    byId.set(row.incidentId, {
      id: row.incidentId,
      seq: Number(row.incidentId.replace(/\D/g, '')) || 0,
      title,
      severity: null,
      status: row.message.accent === 'ok' ? 'resolved' : null,
      accent: row.message.accent ?? null,
    });
  }
  return [...byId.values()];
}

export function sortIncidents(list) {
  const open = (i) => (i.status === 'resolved' ? 1 : 0);
  return [...list].sort((a, b) => open(a) - open(b) || b.seq - a.seq);
}

function severityLevel(incident) {
  const digit = /(\d)/.exec(String(incident.severity ?? ''))?.[1];
  if (digit) return `sev-${Math.min(Number(digit), 4)}`;
  const byAccent = { critical: 'sev-1', major: 'sev-2', minor: 'sev-3', info: 'sev-4' };
  return byAccent[incident.accent] ?? 'sev-none';
}

export function renderChannels(container, { current, threadOpen, unread, navigate }) {
  clear(container);
  for (const channel of CHANNELS) {
    const active = channel.id === current;
    const link = h(
      'a',
      {
        href: channel.href,
        className: `side-link${active ? ' active' : ''}${unread.has(channel.id) ? ' unread' : ''}`,
        'aria-current': active && !threadOpen ? 'page' : null,
        onclick: (event) => navigate(event, channel.href),
      },
      icon('hash', 'icon side-icon'),
      h('span', { className: 'side-label' }, channel.id),
      unread.has(channel.id) ? h('span', { className: 'unread-dot', 'aria-label': 'new messages' }) : null,
    );
    container.append(h('li', {}, link));
  }
}

export function renderIncidents(container, { incidents, current, unread, navigate }) {
  clear(container);
  if (!incidents.length) {
    container.append(h('li', { className: 'side-empty' }, 'No incidents yet'));
    return;
  }
  for (const incident of sortIncidents(incidents)) {
    const href = `/incidents/${encodeURIComponent(incident.id)}`;
    const active = incident.id === current;
    const resolved = incident.status === 'resolved';
    const level = severityLevel(incident);
    const badge = incident.severity
      ? h('span', { className: `sev ${level}`, title: `Severity ${incident.severity}` }, String(incident.severity).toUpperCase())
      : incident.accent
        ? h('span', { className: `sev-dot ${level}`, 'aria-hidden': 'true' })
        : h('span', { className: 'sev sev-none', title: 'Not triaged yet' }, 'SEV?');
    const link = h(
      'a',
      {
        href,
        className: `incident-link${active ? ' active' : ''}${resolved ? ' resolved' : ''}${unread.has(incident.id) ? ' unread' : ''}`,
        'aria-current': active ? 'page' : null,
        onclick: (event) => navigate(event, href),
      },
      h(
        'span',
        { className: 'inc-line' },
        badge,
        h('span', { className: 'inc-id' }, incident.id),
        incident.status ? h('span', { className: `inc-status st-${incident.status}` }, incident.status) : null,
        unread.has(incident.id) ? h('span', { className: 'unread-dot', 'aria-label': 'new replies' }) : null,
      ),
      h('span', { className: 'inc-title' }, incident.title || 'Untitled incident'),
    );
    container.append(h('li', {}, link));
  }
}

export function renderMe(container, { name, onChange }) {
  clear(container);
  const initials = (name ?? '?')
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  container.append(
    h('span', { className: 'avatar avatar-me', 'aria-hidden': 'true' }, initials || '?'),
    h('span', { className: 'me-name', title: name ?? '' }, name ?? 'Anonymous'),
    h('button', { type: 'button', className: 'link-btn', onclick: onChange, 'aria-label': 'Change your display name' }, 'change'),
  );
}
