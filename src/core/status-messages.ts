/**
 * The structured status messages — initial notification, update, resolution — rendered from the
 * policy's templates into the neutral message model, once for every chat surface.
 */
import { escapeText, link } from './format.js';
import type { Incident, Person } from './incident.js';
import type { Block, ChatMessage } from './message.js';
import { MESSAGE_LIMITS, stripMarkup } from './message.js';
import { severityPolicy, type Policy } from './policy.js';
import { accentOf, statusLabel } from './render-incident.js';
import { respondText } from './response-target.js';
import type { StatusTemplate } from './status-templates.js';
import { renderTemplate, type TemplateData, type TemplateItem } from './template-language.js';
import { formatClock, formatDuration, formatTime } from './time-format.js';
import { reminderDueAt } from './timers.js';

/** What a status update says, field by field (the update form), already trimmed. */
export interface StatusUpdateFields {
  /** What users see. */
  impact?: string;
  /** What was done (✅ lines). */
  done: string[];
  /** Where things stand now. */
  current?: string;
  /** What happens next (🔄 lines). */
  next: string[];
  eta?: string;
}

/** What the resolution says beyond the incident itself. */
export interface ResolutionFields {
  /** As people gave it (the form's root cause, or else their summary); absent when the resolution came from an alert or the pager. */
  rootCause?: string;
  /** What fixed it, one step a line; the updates' ✅ lines when not given. */
  steps: string[];
  /** Latest user impact the updates reported. */
  impact?: string;
  resolvedBy: Person;
}

/** The resolution when no person described it (every alert resolved, resolved on the pager's side); `how` (inline markup) says so. */
export function plainResolutionMessage(policy: Policy, incident: Incident, actor: Person, publicUrl: string, text: string, how: string): ChatMessage {
  const body = resolutionMessage(policy, incident, { steps: [], resolvedBy: actor }, publicUrl);
  return { ...body, text, blocks: [...body.blocks, { type: 'context', text: how }] };
}

const NOT_KNOWN = 'Not known yet';

/** The placeholders every template shares. */
function common(policy: Policy, incident: Incident, publicUrl: string, impact?: string): Record<string, string> {
  const sev = severityPolicy(policy, incident.severity);
  return {
    id: incident.id,
    title: escapeText(incident.title),
    severity: incident.severity ?? 'Untriaged',
    status: statusLabel(incident.status),
    commander: incident.roles.commander ? escapeText(incident.roles.commander.name) : 'None yet',
    link: link('Open in console', `${publicUrl}/incidents/${incident.id}`),
    impact: escapeText(impact || incident.description || NOT_KNOWN),
    affected_users: escapeText(sev?.affectedUsers ?? (sev ? NOT_KNOWN : `${NOT_KNOWN} (triage pending)`)),
    detected_at: formatTime(incident.declaredAt),
  };
}

/** `11:05 UTC (in 30 min)`: when the next update is due — when the reminder fires. */
export function nextUpdateText(policy: Policy, incident: Incident, now: number): string {
  const at = reminderDueAt(policy, incident);
  return `${formatClock(at)} (in ${formatDuration(at - now)})`;
}

/** Posted in the status channel when an incident is declared. */
export function initialNotification(policy: Policy, incident: Incident, publicUrl: string): ChatMessage {
  const sev = severityPolicy(policy, incident.severity);
  const people = [incident.roles.commander, ...(incident.responders ?? [])].filter((p): p is Person => p !== undefined);
  const data: TemplateData = {
    ...common(policy, incident, publicUrl),
    declared_by: escapeText(incident.declaredBy.name),
    investigating: people.length
      ? escapeText(people.map((p) => p.name).join(', '))
      : `Awaiting a responder${sev ? ` (respond ${respondText(sev)})` : ''}`,
    next_update: nextUpdateText(policy, incident, incident.declaredAt),
  };
  const text = `${incident.id} declared: ${incident.title} (${incident.severity ?? 'untriaged'})`;
  return templateMessage(policy.updates.templates.initial, data, text, incident.severity ? accentOf(incident) : 'critical');
}

/** The update as the thread and the status channel get it; `incident` is as it stands after the update. */
export function statusUpdateMessages(
  policy: Policy,
  incident: Incident,
  fields: StatusUpdateFields,
  actor: Person,
  now: number,
  publicUrl: string,
): { thread: ChatMessage; status: ChatMessage } {
  const progress: TemplateItem[] = [
    ...fields.done.map((text) => ({ icon: '✅', text: escapeText(text), done: true })),
    ...fields.next.map((text) => ({ icon: '🔄', text: escapeText(text), done: false })),
  ];
  const data: TemplateData = {
    ...common(policy, incident, publicUrl, fields.impact),
    progress,
    done: fields.done.map((text) => ({ text: escapeText(text) })),
    next: fields.next.map((text) => ({ text: escapeText(text) })),
    current: fields.current ? escapeText(fields.current) : undefined,
    eta: fields.eta ? escapeText(fields.eta) : undefined,
    next_update: nextUpdateText(policy, incident, now),
    author: escapeText(actor.name),
    posted_at: formatTime(now),
  };
  const headline = updateHeadline(fields);
  const byline: Block = { type: 'context', text: `by ${escapeText(actor.name)} · ${formatTime(now)}` };
  const body = templateMessage(policy.updates.templates.update, data, '', 'info');
  return {
    thread: { ...body, text: `Status update on ${incident.id}: ${headline}`, blocks: [...body.blocks, byline], alsoInChannel: true },
    status: { ...body, text: `${incident.id}: ${headline}`, blocks: [...body.blocks, byline] },
  };
}

/** The update's one-line gist: its current status, or else the first thing it says. */
export function updateHeadline(fields: StatusUpdateFields): string {
  return fields.current || fields.done[0] || fields.next[0] || fields.impact || fields.eta || '';
}

/** The resolution's body, for the thread (which adds the post-mortem button) and the status channel. */
export function resolutionMessage(policy: Policy, incident: Incident, fields: ResolutionFields, publicUrl: string): ChatMessage {
  const resolvedAt = incident.resolvedAt ?? incident.updatedAt;
  const data: TemplateData = {
    ...common(policy, incident, publicUrl, fields.impact),
    resolved_at: formatTime(resolvedAt),
    resolved_by: escapeText(fields.resolvedBy.name),
    duration: formatDuration(resolvedAt - incident.declaredAt),
    root_cause: fields.rootCause ? escapeText(fields.rootCause) : '_To be confirmed in the post-mortem._',
    summary: incident.summary ? escapeText(incident.summary) : undefined,
    resolution: fields.steps.map((text) => ({ text: escapeText(text) })),
    followups: incident.followUps.map((f) => ({
      box: f.doneAt ? '☑' : '☐',
      number: String(f.id),
      text: escapeText(f.text),
      owner: f.owner ? escapeText(f.owner.name) : undefined,
      due: f.dueAt ? formatTime(f.dueAt).slice(0, 10) : undefined,
      done: f.doneAt !== undefined,
    })),
  };
  return templateMessage(policy.updates.templates.resolution, data, `${incident.id} resolved: ${incident.title}`, 'ok');
}

/** A rendered template as a message: one text block per paragraph, each within every platform's limit. */
export function templateMessage(template: StatusTemplate, data: TemplateData, text: string, accent: ChatMessage['accent']): ChatMessage {
  const rendered = renderTemplate(template.nodes, data);
  const blocks: Block[] = rendered
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .slice(0, MAX_PARAGRAPHS)
    .map((p) => ({ type: 'text', text: p.length > MESSAGE_LIMITS.textLength ? `${p.slice(0, MESSAGE_LIMITS.textLength - 1)}…` : p }));
  return { text: text || stripMarkup(rendered.split('\n')[0] ?? ''), blocks: blocks.length ? blocks : [{ type: 'text', text: escapeText(text) }], accent };
}

/** Leaves room in Slack's 50 blocks for a byline and buttons. */
const MAX_PARAGRAPHS = 40;
