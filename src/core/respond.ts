/** The responder's verbs on an incident: each a small use case over `IncidentService.withIncident`. */
import { ACTION } from './actions.js';
import { ConflictError, ValidationError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as followUps from './follow-ups.js';
import * as life from './incident.js';
import * as people from './incident-people.js';
import type { Incident, IncidentStatus, Person, Role } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Evidence, Reply } from './interactions.js';
import { message } from './message.js';
import { resolveModal } from './modals.js';
import { personText, roleLabel, statusLabel } from './render-incident.js';
import { editSummary } from './resolution-summary.js';
import { severityBroadcast } from './status-broadcasts.js';
import { resolutionMessage } from './status-messages.js';
import { doneLines, latestImpact } from './update-flow.js';
import { formatDuration, formatTime } from './time-format.js';
import { updateCadenceMs } from './timers.js';
import { closeTriageByHand } from './triage.js';

export async function acknowledge(service: IncidentService, id: string, actor: Person): Promise<Reply> {
  const { incident, result: joined } = await service.withIncident(id, (w) => {
    const wasCommander = w.incident.roles.commander;
    w.apply(people.acknowledge(w.incident, actor, w.now));
    const joined = w.incident.roles.commander?.id !== actor.id;
    if (joined) w.say(`${personText(actor)} is on it too and joined as a responder.`);
    else w.say(wasCommander ? `${personText(actor)} is on it.` : `${personText(actor)} is on it and is now ${bold('incident commander')}.`);
    return joined;
  });
  if (joined) return { message: message(`You joined ${incident.id} as a responder; ${incident.roles.commander?.name ?? 'nobody'} is commander.`) };
  return { message: message(`You're on ${incident.id}. Post an update every ${cadenceText(service, incident)} — Firebreak will remind you.`) };
}

export async function setSeverity(service: IncidentService, id: string, severity: string, actor: Person): Promise<Reply> {
  requireSeverity(service, severity);
  await service.withIncident(id, (w) => {
    if (w.incident.status === 'resolved') {
      throw new ConflictError(`${w.incident.id} is resolved at ${w.incident.severity ?? 'untriaged'}; nothing was changed. Reopen it to change its severity.`, 'incident_resolved');
    }
    const before = w.incident.severity;
    w.apply(life.setSeverity(w.incident, severity, actor, w.now));
    closeTriageByHand(w, severity, actor);
    w.say(`${personText(actor)} set severity to ${bold(severity)} (was ${before ?? 'untriaged'}).`);
    w.broadcast(severityBroadcast(service.policy, w.incident, before, actor));
  });
  return {};
}

export async function setStatus(service: IncidentService, id: string, status: IncidentStatus, actor: Person): Promise<Reply> {
  // Resolving asks for the summary: the resolve form, as the Resolve button.
  if (status === 'resolved') return { modal: resolveModal(id) };
  await service.withIncident(id, (w) => {
    const before = w.incident.status;
    w.apply(life.setStatus(w.incident, status, actor, w.now));
    w.say(`${personText(actor)} changed status to ${bold(statusLabel(status))} (was ${statusLabel(before)}).`);
  });
  return {};
}

export async function assign(service: IncidentService, id: string, role: Role, person: Person, actor: Person): Promise<Reply> {
  await service.withIncident(id, (w) => {
    w.apply(people.assignRole(w.incident, role, person, actor, w.now));
    w.say(`${personText(actor)} made ${personText(person)} ${bold(roleLabel(role))}.`);
  });
  return {};
}

export async function addNote(service: IncidentService, id: string, text: string, actor: Person): Promise<Reply> {
  await service.withIncident(id, (w) => {
    w.apply(life.addNote(w.incident, text, actor, w.now));
    w.post({ text: `Note: ${text}`, blocks: [{ type: 'text', text: `📝 ${escapeText(text)}` }, { type: 'context', text: `note by ${escapeText(actor.name)}` }] });
  });
  return { message: message('Note added to the timeline.') };
}

/** Keeps a thread message on the timeline, with its author, time and link, for the post-mortem. */
export async function addEvidence(service: IncidentService, id: string, evidence: Evidence, actor: Person): Promise<Reply> {
  const text = evidence.text.trim().slice(0, 4000);
  if (!text) throw new ValidationError('That message has no text to keep.', [{ path: 'text', message: 'empty' }]);
  await service.withIncident(id, (w) => {
    const data: Record<string, unknown> = { author: evidence.author, postedAt: evidence.postedAt };
    if (evidence.link) data.link = evidence.link;
    w.events.push(life.event(w.incident, w.now, actor, 'evidence', { text, data }));
    w.say(`📌 ${personText(actor)} added a message by ${escapeText(evidence.author.name)} to the timeline.`);
  });
  return { message: message(`Added to the timeline of ${id}.`) };
}

export async function addFollowUp(service: IncidentService, id: string, text: string, actor: Person, owner?: Person): Promise<Reply> {
  const { incident } = await service.withIncident(id, (w) => {
    w.apply(followUps.addFollowUp(w.incident, text, actor, w.now, owner ? { owner } : {}));
    const n = w.incident.followUps.at(-1)!.id;
    w.say(`${personText(actor)} added follow-up #${n}${owner ? ` for ${personText(owner)}` : ''}: ${escapeText(text)}`);
  });
  return { message: message(`Follow-up added; ${incident.followUps.length} on ${incident.id}. They go into the post-mortem.`) };
}

/** What the resolve form says besides the summary: the root cause and the steps that fixed it (one a line). */
export interface ResolveDetails {
  rootCause?: string;
  steps?: string;
}

export async function resolve(service: IncidentService, id: string, actor: Person, summary?: string, details: ResolveDetails = {}): Promise<Reply> {
  // On a resolved incident a summary is added or edited; the incident stays resolved.
  if ((await service.get(id)).status === 'resolved') {
    const text = summary?.trim() || [details.rootCause?.trim(), details.steps?.trim()].filter(Boolean).join(' — ');
    if (text) return editSummary(service, id, text, actor);
  }
  const timeline = await service.deps.store.timeline(id);
  const rootCause = details.rootCause?.trim() || undefined;
  const given = (details.steps ?? '').split('\n').map((l) => l.replace(/^\s*(?:[-*•]|✅)\s*/u, '').trim()).filter(Boolean);
  const { incident } = await service.withIncident(id, (w) => {
    const change = life.resolve(w.incident, actor, w.now, summary);
    const extra = { ...(rootCause ? { rootCause } : {}), ...(given.length ? { steps: given } : {}) };
    w.apply(Object.keys(extra).length ? { ...change, events: change.events.map((e) => ({ ...e, data: { ...e.data, ...extra } })) } : change);
    const i = w.incident;
    const took = formatDuration(w.now - i.declaredAt);
    const body = resolutionMessage(service.policy, i, { rootCause: rootCause ?? (summary?.trim() || undefined), steps: given.length ? given : doneLines(timeline), impact: latestImpact(timeline), resolvedBy: actor }, service.deps.publicUrl);
    w.post({
      text: `${i.id} resolved after ${took}`,
      blocks: [
        ...body.blocks,
        { type: 'context', text: `Resolved by ${personText(actor)}. Draft the post-mortem within ${service.policy.postmortem.dueHours} h while memories are fresh.` },
        { type: 'actions', elements: [{ type: 'button', actionId: ACTION.postmortem, label: 'Draft post-mortem', value: i.id, style: 'primary' }] },
      ],
      accent: 'ok',
      alsoInChannel: true,
    });
    w.broadcast(body);
  });
  return { message: message(`${incident.id} resolved.`) };
}

export async function reopen(service: IncidentService, id: string, actor: Person, reason?: string): Promise<Reply> {
  await service.withIncident(id, (w) => {
    w.apply(life.reopen(w.incident, actor, w.now, reason));
    w.say(`${personText(actor)} reopened ${bold(w.incident.id)}.${reason ? ` ${escapeText(reason)}` : ''}`);
    w.broadcast(message(`♻️ ${bold(`${w.incident.id} · ${w.incident.title}`)} reopened by ${escapeText(actor.name)}`));
  });
  return {};
}

export async function snooze(service: IncidentService, id: string, durationMs: number, actor: Person): Promise<Reply> {
  if (!Number.isFinite(durationMs) || durationMs < SNOOZE_RANGE_MS.min || durationMs > SNOOZE_RANGE_MS.max) {
    throw new ValidationError('Snooze for 1 minute up to 24 hours, e.g. `snooze 30m` or `snooze 2h`.', [{ path: 'duration', message: 'out of range' }]);
  }
  const { incident } = await service.withIncident(id, (w) => {
    w.apply(life.snoozeReminder(w.incident, w.now + durationMs, actor, w.now));
    w.say(`${personText(actor)} snoozed the update reminder for ${formatDuration(durationMs)}.`);
  });
  return { message: message(`Next reminder for ${incident.id} in ${formatDuration(durationMs)}.`) };
}

/** `/incident list [open|resolved|mine]`; "mine": open incidents the person commands or responds to. */
export async function listIncidents(service: IncidentService, filter: 'open' | 'resolved' | 'mine', actor: Person): Promise<Reply> {
  const rows = await service.deps.store.listIncidents({ status: filter === 'resolved' ? 'resolved' : 'open', limit: filter === 'mine' ? 200 : 25 });
  const mine = (i: Incident) => [...Object.values(i.roles), ...(i.responders ?? [])].some((p) => p?.id === actor.id);
  const list = filter === 'mine' ? rows.filter(mine).slice(0, 25) : rows;
  const empty = { open: 'No open incidents. 🎉', resolved: 'No resolved incidents yet.', mine: 'You are on no open incident.' }[filter];
  if (list.length === 0) return { message: message(empty) };
  const now = service.deps.clock.now();
  const lines = list.map((i) =>
    i.status === 'resolved'
      ? `${bold(i.id)} ${escapeText(i.title)} — ${i.severity ?? 'untriaged'}, resolved ${formatTime(i.resolvedAt ?? i.updatedAt)} after ${formatDuration((i.resolvedAt ?? now) - i.declaredAt)}`
      : `${bold(i.id)} ${escapeText(i.title)} — ${i.severity ?? 'untriaged'}, ${statusLabel(i.status)}, commander ${personText(i.roles.commander)}, open ${formatDuration(now - i.declaredAt)}`,
  );
  const head = { open: `${list.length} open`, resolved: `${list.length} resolved, latest first`, mine: `${list.length} yours` }[filter];
  return { message: message(`${bold(head)}\n${lines.join('\n')}`) };
}

export function requireSeverity(service: IncidentService, severity: string): void {
  if (!service.policy.severities.some((s) => s.id === severity)) {
    const known = service.policy.severities.map((s) => s.id).join(', ');
    throw new ValidationError(`Unknown severity ${severity}; use ${known}`, [{ path: 'severity', message: 'unknown' }]);
  }
}

function cadenceText(service: IncidentService, incident: Incident): string {
  return formatDuration(updateCadenceMs(service.policy, incident.severity));
}

/** Snoozes run from a minute to a day: longer would silence an open incident's reminders for good. */
export const SNOOZE_RANGE_MS = { min: 60_000, max: 24 * 3_600_000 } as const;
