/** What happens when a durable timer comes due: reminders, escalations, the post-mortem nudge. */
import { ACTION } from './actions.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import { SYSTEM, type Incident } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import { stripMarkup, type ChatMessage } from './message.js';
import { escalationContacts, queuePage } from './paging.js';
import type { Timer } from './ports.js';
import { personText } from './render-incident.js';
import { escalationTargetText } from './response-target.js';
import { formatDuration, formatTime } from './time-format.js';
import { reminderDueAt, updateCadenceMs } from './timers.js';

/** A timer that fires more than this after its due time is marked late (the bot was down or busy). */
export const LATE_AFTER_MS = 60_000;

export async function handleTimer(service: IncidentService, timer: Timer): Promise<void> {
  const outcome = await service.deps.store.transaction(async (tx) => {
    // Lock the incident first: a change that moves the timer commits before this reads it, or waits.
    const work = await service.openIfExists(tx, timer.incidentId);
    if (!work) {
      await tx.cancelTimers(timer.incidentId);
      return 'gone';
    }
    const current = await tx.getTimer(timer.incidentId, timer.kind);
    // Rescheduled (an update, a snooze) or cancelled since it was claimed: nothing to do.
    if (!current || current.dueAt !== timer.dueAt) return 'stale';
    const { id } = work.incident;
    const result = fire(service, work, timer);
    if (result !== 'rescheduled') await tx.cancelTimers(id, [timer.kind]);
    else await tx.setTimer({ incidentId: id, kind: timer.kind, dueAt: reminderDueAt(service.policy, work.incident) });
    // The page is queued with the escalation it belongs to: a crash or a pager outage cannot lose it.
    if (result === 'page') await queuePage(service, work, SYSTEM, undefined, ESCALATION_REASON);
    await service.finish(work);
    return result;
  });
  if (outcome === 'page') service.deps.log.info({ incidentId: timer.incidentId }, 'escalation page queued');
}

type Outcome = 'done' | 'rescheduled' | 'page' | 'stale' | 'gone';

function fire(service: IncidentService, w: IncidentWork, timer: Timer): Outcome {
  const i = w.incident;
  const late = w.now - timer.dueAt > LATE_AFTER_MS;
  const lateNote = late ? ` _(late: was due ${formatTime(timer.dueAt)})_` : '';
  const data = { dueAt: timer.dueAt, late };
  switch (timer.kind) {
    case 'status_reminder': {
      if (!life.isOpen(i)) return 'done';
      const cadence = updateCadenceMs(service.policy, i.severity);
      const since = i.lastUpdateAt ?? i.declaredAt;
      w.apply({
        incident: { ...i, reminders: { ...i.reminders, lastAt: w.now } },
        events: [life.event(i, w.now, SYSTEM, 'reminder_sent', { data: { ...data, silentFor: w.now - since } })],
      });
      w.post(reminderMessage(i, w.now - since, cadence, lateNote));
      return 'rescheduled';
    }
    case 'ack_escalation': {
      if (!life.isOpen(i) || i.acknowledgedAt !== null || i.escalations.ackPagedAt !== undefined) return 'done';
      w.apply({ incident: { ...i, escalations: { ...i.escalations, ackPagedAt: w.now } }, events: [life.event(i, w.now, SYSTEM, 'escalated', { text: 'not acknowledged within the response target', data })] });
      const target = escalationTargetText(service.policy, i.severity);
      const pages = Boolean(service.deps.pager);
      if (!pages) w.events.push(life.event(i, w.now, SYSTEM, 'page_failed', { text: 'no pager configured', data: { reason: ESCALATION_REASON } }));
      // An incident its pager opened is paged there already: queuePage says so instead of paging.
      const pagedThere = i.pager && !i.pager.pagedHere && i.pager.status !== 'resolved';
      const paging = !pages ? noPagerText(service) : pagedThere ? contacts(service).trim() : `Paging the on-call through ${escapeText(service.deps.pager!.name)}.${contacts(service)}`;
      w.post(alarm(`🚨 ${bold(i.id)} was not acknowledged ${target}. ${paging}${lateNote}`, i.id));
      return pages ? 'page' : 'done';
    }
    case 'open_escalation': {
      if (!life.isOpen(i) || i.escalations.openPromptAt !== undefined) return 'done';
      w.apply({ incident: { ...i, escalations: { ...i.escalations, openPromptAt: w.now } }, events: [life.event(i, w.now, SYSTEM, 'escalated', { text: 'still open past the escalation threshold', data })] });
      const open = formatDuration(w.now - i.declaredAt);
      w.post(alarm(`⏫ ${bold(i.id)} has been open ${open} at ${i.severity}. Stuck? Escalate now: bring in more help.${contacts(service)}${lateNote}`, i.id));
      return 'done';
    }
    case 'postmortem_reminder': {
      if (life.isOpen(i) || i.postmortemDraftedAt !== null) return 'done';
      w.events.push(life.event(i, w.now, SYSTEM, 'postmortem_reminder', { data }));
      w.post({
        text: `The post-mortem of ${i.id} is due`,
        blocks: [
          { type: 'text', text: `📝 ${personText(i.roles.commander)}: the post-mortem of ${bold(i.id)} is due (${service.policy.postmortem.dueHours} h after resolution).${lateNote}` },
          { type: 'actions', elements: [{ type: 'button', actionId: ACTION.postmortem, label: 'Draft post-mortem', value: i.id, style: 'primary' }] },
        ],
      });
      return 'done';
    }
    case 'room_close': {
      if (life.isOpen(i)) return 'done';
      w.close({
        text: `${i.id} is resolved; this room is archived`,
        blocks: [{ type: 'context', text: `🗄️ ${bold(i.id)} was resolved ${formatTime(i.resolvedAt ?? w.now)}; this room is archived. The timeline and post-mortem stay in the console.` }],
      });
      return 'done';
    }
  }
}

function reminderMessage(i: Incident, silentMs: number, cadenceMs: number, lateNote: string): ChatMessage {
  const who = i.roles.commander ? personText(i.roles.commander) : 'Responders';
  const since = i.lastUpdateAt === null ? 'since it was declared' : 'since the last one';
  return {
    text: `${i.id}: no status update for ${formatDuration(silentMs)}`,
    blocks: [
      { type: 'text', text: `⏰ ${who}, ${bold(i.id)} has had no status update for ${formatDuration(silentMs)} (${since}). Post one every ${formatDuration(cadenceMs)} so people know where things stand.${lateNote}` },
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: ACTION.openUpdate, label: 'Post update', value: i.id, style: 'primary' },
          { type: 'button', actionId: ACTION.snooze, label: 'Snooze 30 min', value: `${i.id}|30` },
          { type: 'button', actionId: ACTION.snooze, label: 'Snooze 1 h', value: `${i.id}|60` },
        ],
      },
    ],
    accent: 'minor',
  };
}

function alarm(text: string, id: string): ChatMessage {
  return {
    text: stripMarkup(text),
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: ACTION.ack, label: "I'm on it", value: id, style: 'primary' },
          { type: 'button', actionId: ACTION.page, label: 'Page on-call', value: id, style: 'danger' },
        ],
      },
    ],
    accent: 'critical',
  };
}

const ESCALATION_REASON = 'not acknowledged in time';

/** Without a pager nobody is paged: say so, and who the escalation mentions instead. */
function noPagerText(service: IncidentService): string {
  const named = contacts(service);
  if (!named) return 'Nobody was paged: no pager is configured and the policy names no escalation contacts, so call the on-call directly.';
  return `Nobody was paged: no pager is configured, so this mentions the escalation contacts instead.${named}`;
}

function contacts(service: IncidentService): string {
  return escalationContacts(service);
}
