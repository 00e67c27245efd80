/** The messages an incident's thread is made of, built once for every chat adapter. */
import { ACTION } from './actions.js';
import { bold, code, escapeText, link, mention } from './format.js';
import type { Incident, PagerLink, Person, Role } from './incident.js';
import type { ActionElement, Block, ChatMessage } from './message.js';
import { stripMarkup } from './message.js';
import { severityPolicy, type Policy } from './policy.js';
import { respondText } from './response-target.js';
import type { StoredAlert } from './ports.js';
import { formatDuration, formatTime } from './time-format.js';

const STATUS_LABEL: Record<Incident['status'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export function statusLabel(status: Incident['status']): string {
  return STATUS_LABEL[status];
}

export function accentOf(incident: Incident): ChatMessage['accent'] {
  if (incident.status === 'resolved') return 'ok';
  switch (incident.severity) {
    case 'SEV1':
      return 'critical';
    case 'SEV2':
      return 'major';
    case 'SEV3':
      return 'minor';
    default:
      return 'info';
  }
}

export function personText(person: Person | undefined): string {
  return person ? mention(person.id, person.name) : '_none_';
}

/** The thread's first message: edited in place as the incident changes. */
export function renderHeader(incident: Incident, policy: Policy, publicUrl: string, alerts: { firing: number; total: number }): ChatMessage {
  const severity = incident.severity ?? 'Untriaged';
  const title = `${incident.id} · ${incident.title}`;
  const blocks: Block[] = [
    { type: 'text', text: `${bold(title)}${incident.description ? `\n${escapeText(incident.description)}` : ''}` },
    {
      type: 'fields',
      fields: [
        { label: 'Severity', value: incident.severity ? `${bold(severity)} · respond ${severityTarget(policy, incident.severity)}` : '**Untriaged** · triage it' },
        { label: 'Status', value: bold(statusLabel(incident.status)) },
        { label: 'Commander', value: personText(incident.roles.commander) },
        { label: 'Comms / Scribe', value: `${personText(incident.roles.comms)} / ${personText(incident.roles.scribe)}` },
        ...(incident.responders?.length ? [{ label: 'Responders', value: incident.responders.map(personText).join(', ') }] : []),
      ],
    },
  ];
  const via = incident.source.startsWith('alert:') ? '' : ` via ${escapeText(incident.source)}`;
  const context = [`Declared ${formatTime(incident.declaredAt)} by ${escapeText(incident.declaredBy.name)}${via}`];
  if (incident.acknowledgedAt) context.push(`acknowledged after ${formatDuration(incident.acknowledgedAt - incident.declaredAt)}`);
  else if (incident.status !== 'resolved') context.push('**not acknowledged**');
  if (alerts.total > 0) context.push(`${alerts.firing} of ${alerts.total} alerts firing`);
  if (incident.pager) context.push(pagerText(incident.pager));
  if (incident.resolvedAt) context.push(`resolved after ${formatDuration(incident.resolvedAt - incident.declaredAt)}`);
  context.push(link('Open in console', `${publicUrl}/incidents/${incident.id}`));
  blocks.push({ type: 'context', text: context.join(' · ') });
  if (incident.summary) blocks.push({ type: 'text', text: `${bold('Summary')}: ${escapeText(incident.summary)}` });
  blocks.push(...headerActions(incident, policy));
  return { text: stripMarkup(`${title} — ${severity}, ${statusLabel(incident.status)}`), blocks, accent: accentOf(incident) };
}

function severityTarget(policy: Policy, severity: string): string {
  const sev = severityPolicy(policy, severity);
  return sev ? respondText(sev) : 'within its target';
}

function headerActions(incident: Incident, policy: Policy): Block[] {
  const id = incident.id;
  if (incident.status === 'resolved') {
    return [
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: ACTION.postmortem, label: 'Post-mortem draft', value: id, style: 'primary' },
          { type: 'button', actionId: ACTION.openResolve, label: incident.summary ? 'Edit summary' : 'Add summary', value: id },
          { type: 'button', actionId: ACTION.reopen, label: 'Reopen', value: id },
        ],
      },
    ];
  }
  const first: ActionElement[] = [];
  if (!incident.acknowledgedAt) first.push({ type: 'button', actionId: ACTION.ack, label: "I'm on it", value: id, style: 'primary' });
  if (!incident.severity) first.push({ type: 'button', actionId: ACTION.triageStart, label: 'Triage', value: id, style: incident.acknowledgedAt ? 'primary' : undefined });
  first.push({ type: 'button', actionId: ACTION.openUpdate, label: 'Post update', value: id });
  first.push({ type: 'button', actionId: ACTION.openRunbook, label: 'Runbook', value: id });
  first.push({
    type: 'button',
    actionId: ACTION.openResolve,
    label: 'Resolve',
    value: id,
    style: 'danger',
  });
  const second: ActionElement[] = [
    {
      type: 'select',
      actionId: ACTION.setSeverity,
      placeholder: 'Set severity',
      options: policy.severities.map((s) => ({ label: s.id, value: `${id}|${s.id}`, description: s.description.slice(0, 90) })),
      initial: incident.severity ? `${id}|${incident.severity}` : undefined,
    },
    {
      type: 'select',
      actionId: ACTION.setStatus,
      placeholder: 'Set status',
      // "Resolved" opens the resolve form, which asks for the summary.
      options: (['investigating', 'identified', 'monitoring', 'resolved'] as const).map((s) => ({ label: STATUS_LABEL[s], value: `${id}|${s}` })),
      initial: `${id}|${incident.status}`,
    },
  ];
  const others = (incident.responders ?? []).filter((p) => p.id !== incident.roles.commander?.id);
  if (others.length) {
    second.push({ type: 'select', actionId: ACTION.handOver, placeholder: 'Hand command to…', options: others.slice(0, 25).map((p) => ({ label: p.name.slice(0, 75), value: `${id}|${p.id}` })) });
  }
  return [
    { type: 'actions', elements: first },
    { type: 'actions', elements: second },
  ];
}

const ALERT_LIST_LIMIT = 15;

/** The alerts attached to an incident, one message edited in place (so a storm is one message). */
export function renderAlerts(incident: Incident, alerts: StoredAlert[]): ChatMessage {
  const firing = alerts.filter((a) => a.status === 'firing');
  const lines = [...firing, ...alerts.filter((a) => a.status === 'resolved')].slice(0, ALERT_LIST_LIMIT).map((a) => {
    const icon = a.status === 'firing' ? '🔥' : '✅';
    const labels = Object.entries(a.labels)
      .filter(([k]) => k !== 'alertname')
      .slice(0, 4)
      .map(([k, v]) => ` ${code(`${k}=${v}`)}`)
      .join('');
    const source = a.links[0] ? ` ${link('source', a.links[0].url)}` : '';
    return `${icon} ${bold(a.title)}${labels}${source}`;
  });
  if (alerts.length > ALERT_LIST_LIMIT) lines.push(`_…and ${alerts.length - ALERT_LIST_LIMIT} more_`);
  const unlisted = incident.alertsUnlisted ?? 0;
  if (unlisted > 0) lines.push(`_The source left ${unlisted} more ${unlisted === 1 ? 'alert' : 'alerts'} of this group out of its last notification; the group is bigger than shown._`);
  const head = `${bold('Alerts')} · ${firing.length} firing, ${alerts.length - firing.length} resolved`;
  return {
    text: `${incident.id}: ${firing.length} of ${alerts.length} alerts firing`,
    blocks: [{ type: 'text', text: `${head}\n${lines.join('\n')}` }],
    accent: firing.length > 0 ? 'major' : 'ok',
  };
}

/** `📟 PagerDuty #2 · acknowledged · Dana`: the pager's incident, its status and assignee. */
export function pagerText(pager: PagerLink): string {
  if (!pager.id) return `📟 ${escapeText(pager.name)}: ${pager.status === 'failed' ? '**page failed**' : pager.status === 'queued' ? 'paging…' : escapeText(pager.status)}`;
  return [`📟 ${pagerIncidentText(pager)}`, escapeText(pager.status), ...(pager.assignee ? [escapeText(pager.assignee)] : [])].join(' · ');
}

/** `PagerDuty #2` linked to the pager's page, or its id. */
export function pagerIncidentText(pager: PagerLink): string {
  const label = `${pager.name} ${pager.number !== undefined ? `#${pager.number}` : (pager.id ?? 'incident')}`;
  return pager.url ? link(label, pager.url) : escapeText(label);
}

/** A line in the thread saying who changed what. */
export function renderChange(text: string): ChatMessage {
  return { text: stripMarkup(text), blocks: [{ type: 'context', text }] };
}

export function roleLabel(role: Role): string {
  return role === 'commander' ? 'incident commander' : role === 'comms' ? 'communications lead' : 'scribe';
}
