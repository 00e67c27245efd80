/**
 * Events from the pager's side (PagerDuty webhooks), synced onto the linked incident: its status,
 * who acknowledged, notes, escalations. Firebreak's own acknowledge and resolve coming back do not
 * echo into the thread as if someone else had done them.
 */
import type { AlertSource } from './alert.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { PagerLink, Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import type { PagerEvent, StoreTx } from './ports.js';
import { pagerIncidentText } from './render-incident.js';
import { plainResolutionMessage } from './status-messages.js';

export interface LinkedIncident {
  id: string;
  /** The incident came from the pager's own alert (its alerts are tracked too). */
  fromAlert: boolean;
}

/** The incident an event belongs to: by the dedup key Firebreak paged with, or by the pager's incident id. */
export async function findLinkedIncident(tx: StoreTx, source: AlertSource, ev: PagerEvent): Promise<LinkedIncident | undefined> {
  const key = ev.incident.key ? life.parseIncidentId(ev.incident.key) : undefined;
  const byKey = key ? await tx.lockIncident(key) : undefined;
  if (byKey) return { id: byKey.id, fromAlert: byKey.source === `alert:${source}` };
  const group = await tx.findAlertGroup(source, ev.incident.id);
  const incident = group && (await tx.lockIncident(group.incidentId));
  return incident ? { id: incident.id, fromAlert: incident.source === `alert:${source}` } : undefined;
}

export async function applyPagerEvent(service: IncidentService, tx: StoreTx, source: AlertSource, incidentId: string, ev: PagerEvent): Promise<void> {
  const w = await service.open(tx, incidentId);
  const before = w.incident.pager;
  if (!before?.id) await tx.claimAlertGroup({ source, groupKey: ev.incident.id, incidentId });
  const next = toLink(before, ev, w.now);
  applyEvent(service, w, ev, next, before);
  w.incident = life.touch({ ...w.incident, pager: next }, w.now);
  await service.finish(w);
}

function toLink(before: PagerLink | undefined, ev: PagerEvent, now: number): PagerLink {
  const next: PagerLink = { ...(before ?? { name: ev.pager, status: 'triggered', pagedHere: false }), id: ev.incident.id, updatedAt: now };
  if (ev.incident.url) next.url = ev.incident.url;
  if (ev.incident.number !== undefined) next.number = ev.incident.number;
  if (ev.incident.status) next.status = ev.incident.status;
  if (ev.incident.assignees) {
    if (ev.incident.assignees.length) next.assignee = ev.incident.assignees.join(', ');
    else delete next.assignee;
  }
  return next;
}

function applyEvent(service: IncidentService, w: IncidentWork, ev: PagerEvent, next: PagerLink, before: PagerLink | undefined): void {
  const i = w.incident;
  const actor: Person = ev.agent ? { id: `pager:${ev.agent.id}`, name: ev.agent.name } : { id: `pager:${ev.pager.toLowerCase()}`, name: ev.pager };
  const where = escapeText(ev.pager);
  const by = ev.agent ? ` by ${escapeText(ev.agent.name)}` : '';
  const note = (text: string) => w.events.push(life.event(i, w.now, actor, 'pager_event', { text, data: { pager: ev.pager, type: ev.type, pagerIncidentId: ev.incident.id } }));
  const detail = ev.text ? escapeText(ev.text) : '';
  switch (ev.type) {
    case 'triggered':
      // A page Firebreak sent has become the pager's incident: say where it lives.
      if (before?.pagedHere && !before.id) w.say(`📟 ${where} opened ${pagerIncidentText(next)}${next.assignee ? `, assigned to ${escapeText(next.assignee)}` : ''}.`);
      return;
    case 'acknowledged':
      if (!life.isOpen(i)) return;
      if (i.acknowledgedAt === null) {
        w.apply({ incident: life.touch({ ...i, acknowledgedAt: w.now }, w.now), events: [life.event(i, w.now, actor, 'acknowledged', { data: { via: ev.pager } })] });
        w.say(`✋ Acknowledged in ${where}${by}.`);
      } else if (!before?.sent?.includes('acknowledge')) {
        note(`acknowledged in ${ev.pager}`);
        w.say(`✋ Acknowledged in ${where} too${by}.`);
      }
      // else: Firebreak's own acknowledge, reported back — nothing to tell the thread
      return;
    case 'resolved':
      // Already resolved here (Firebreak's own resolve coming back, or both sides): nothing to say.
      if (!life.isOpen(i)) return;
      w.apply(life.resolve(i, actor, w.now, `Resolved in ${ev.pager}`));
      w.say(`✅ Resolved in ${where}${by}.`);
      w.broadcast(plainResolutionMessage(service.policy, w.incident, actor, service.deps.publicUrl, `${i.id} resolved in ${ev.pager}`, `Resolved in ${where}${by}.`));
      return;
    case 'reopened':
      if (life.isOpen(i)) return;
      w.apply(life.reopen(i, actor, w.now, `Reopened in ${ev.pager}`));
      next.sent = [];
      w.say(`♻️ Reopened in ${where}${by}.`);
      return;
    case 'annotated':
      if (!ev.text) return;
      w.apply(life.addNote(i, ev.text, actor, w.now));
      w.say(`📝 Note in ${where}${by}: ${detail}`);
      return;
    case 'escalated':
      note(`escalated in ${ev.pager}${ev.text ? ` to ${ev.text}` : ''}`);
      w.say(`⏫ Escalated in ${where}${detail ? ` to ${detail}` : ''}${by}.`);
      return;
    case 'reassigned':
      note(`reassigned in ${ev.pager}${ev.text ? ` to ${ev.text}` : ''}`);
      w.say(`👤 Reassigned in ${where}${detail ? ` to ${detail}` : ''}${by}.`);
      return;
    case 'priority_updated':
      note(`priority ${ev.text ?? 'changed'} in ${ev.pager}`);
      w.say(`🏷️ Priority ${detail ? `set to ${bold(ev.text!)}` : 'changed'} in ${where}${by}.`);
      return;
    case 'responder_added':
      note(`responder requested in ${ev.pager}${ev.text ? `: ${ev.text}` : ''}`);
      w.say(`🙋 Responder requested in ${where}${by}${detail ? `: ${detail}` : ''}.`);
      return;
    case 'other':
      return;
  }
}
