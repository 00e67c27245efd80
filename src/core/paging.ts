/**
 * Paging through the pager port. A page is queued in the transaction that decides it and sent by
 * the page sender; its outcome comes back here. Without a pager the flow says so and goes on.
 */
import { ACTION } from './actions.js';
import { bold, escapeText, link, mention } from './format.js';
import * as life from './incident.js';
import type { Incident, PagerLink, Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import type { Reply } from './interactions.js';
import { message, stripMarkup } from './message.js';
import type { PageAction, PageOutcome, PageRequest, QueuedPage } from './ports.js';

export { whoIsOnCall } from './on-call.js';

/** `/incident page [target]` and the "Page on-call" button: queues a page, answers at once. */
export async function pageOnCall(service: IncidentService, id: string, actor: Person, target?: string, reason = 'manual'): Promise<Reply> {
  const { result } = await service.withIncident(id, (w) => queuePage(service, w, actor, target, reason));
  const pager = service.deps.pager;
  if (!pager) return { message: message('No pager is configured, so nobody was paged. The thread says so.') };
  if (result === 'already') return { message: message(`${pager.name} is already paging for this incident.`) };
  return { message: message(`Paging through ${pager.name}; the thread says when the page went out.`) };
}

/** Queues a page in `w`'s transaction. `already`: an open incident born on the pager is paged there already. */
export async function queuePage(service: IncidentService, w: IncidentWork, actor: Person, target?: string, reason = 'manual'): Promise<'queued' | 'no_pager' | 'already'> {
  const { pager } = service.deps;
  const destination = target ?? service.policy.escalation.pageTarget;
  const whom = destination ? escapeText(destination) : 'the on-call';
  if (!pager) {
    w.events.push(life.event(w.incident, w.now, actor, 'page_failed', { text: 'no pager configured', data: { reason, target: destination } }));
    w.say(`⚠️ Could not page ${whom}: no pager is configured (set PAGERDUTY_ROUTING_KEY or PAGERDUTY_API_TOKEN).`);
    return 'no_pager';
  }
  const linked = w.incident.pager;
  if (reason !== 'manual' && linked && !linked.pagedHere && linked.status !== 'resolved') {
    w.say(`📟 ${escapeText(linked.name)} is already paging for this incident${linked.url ? ` (${link('open it', linked.url)})` : ''}; not paging again.`);
    return 'already';
  }
  const request = pageRequest(service, w.incident, 'trigger', destination);
  await w.tx.enqueuePage({ incidentId: w.incident.id, request, reason, actor });
  // A page again after a failed one starts over as queued; a linked incident keeps the pager's status.
  const next: PagerLink = linked
    ? { ...linked, pagedHere: true, sent: [], status: linked.id ? linked.status : 'queued' }
    : { name: pager.name, status: 'queued', pagedHere: true, updatedAt: w.now };
  if (destination) next.target = destination;
  else delete next.target;
  w.apply({
    incident: life.touch({ ...w.incident, pager: { ...next, updatedAt: w.now } }, w.now),
    events: [life.event(w.incident, w.now, actor, 'page_queued', { data: { pager: pager.name, target: destination, reason } })],
  });
  w.say(`📟 Paging ${whom} through ${escapeText(pager.name)}…`);
  return 'queued';
}

/** What the pager is told about an incident: the same dedup key (the incident id) for every action. */
export function pageRequest(service: IncidentService, i: Incident, action: PageAction, target?: string): PageRequest {
  const request: PageRequest = {
    incidentId: i.id,
    action,
    title: i.title,
    severity: i.severity,
    summary: `${i.id} ${i.title} (${i.severity ?? 'untriaged'})`,
    link: `${service.deps.publicUrl}/incidents/${i.id}`,
    details: { impact: i.description || undefined, commander: i.roles.commander?.name, status: i.status },
  };
  const to = target ?? (action === 'trigger' ? undefined : i.pager?.target);
  if (to) request.target = to;
  // An incident the pager opened itself (born there, or a person paged through its API) is
  // acknowledged and resolved by its own id; one Firebreak triggered, by the dedup key.
  if (i.pager?.id && (!i.pager.pagedHere || to?.startsWith('@'))) request.pagerIncidentId = i.pager.id;
  return request;
}

/**
 * Called when a change is stored: acknowledging or resolving an incident the pager knows of tells
 * the pager too, in the same transaction. Changes that came from the pager are not sent back.
 */
export async function syncPager(service: IncidentService, w: IncidentWork): Promise<void> {
  const { pager } = service.deps;
  const before = w.before;
  const link = w.incident.pager;
  if (!pager || !before || !link || link.status === 'resolved' || link.status === 'failed') return;
  const byPager = (kind: string) => w.events.some((e) => e.kind === kind && isPagerActor(e.actor));
  let action: 'acknowledge' | 'resolve' | undefined;
  if (before.status !== 'resolved' && w.incident.status === 'resolved' && !byPager('resolved')) action = 'resolve';
  else if (before.acknowledgedAt === null && w.incident.acknowledgedAt !== null && !byPager('acknowledged') && link.status !== 'acknowledged') action = 'acknowledge';
  if (!action) return;
  const actor = w.events.find((e) => e.kind === (action === 'resolve' ? 'resolved' : 'acknowledged'))?.actor ?? life.SYSTEM;
  await w.tx.enqueuePage({ incidentId: w.incident.id, request: pageRequest(service, w.incident, action), reason: action, actor });
  w.incident = { ...w.incident, pager: { ...link, sent: [...new Set([...(link.sent ?? []), action])], updatedAt: w.now } };
}

/** A change made on the pager's side carries an actor `pager:<id>`. */
export function isPagerActor(actor: Person): boolean {
  return actor.id.startsWith('pager:');
}

/** The page sender reports back: the thread and the timeline say what became of the page. */
export async function recordPageOutcome(service: IncidentService, page: QueuedPage, outcome: PageOutcome): Promise<void> {
  const pagerName = service.deps.pager?.name ?? 'the pager';
  const action = page.request.action ?? 'trigger';
  const whom = page.request.target ? escapeText(page.request.target) : 'the on-call';
  const actor = page.actor;
  await service.withIncident(page.incidentId, (w) => {
    const link = w.incident.pager ?? { name: pagerName, status: 'queued', pagedHere: true, updatedAt: w.now };
    if (outcome.ok) {
      if (action !== 'trigger') return;
      const found = outcome.result.incident;
      const next: PagerLink = { ...link, status: link.status === 'queued' || link.status === 'failed' ? 'triggered' : link.status, updatedAt: w.now };
      if (found) Object.assign(next, definedOnly({ id: found.id, url: found.url, number: found.number, assignee: found.assignee }), found.status ? { status: found.status } : {});
      w.apply({
        incident: life.touch({ ...w.incident, pager: next }, w.now),
        events: [life.event(w.incident, w.now, actor, 'paged', { data: { pager: pagerName, reference: outcome.result.reference, target: page.request.target, reason: page.reason } })],
      });
      w.say(`📟 Paged ${whom} through ${escapeText(pagerName)} (${escapeText(outcome.result.reference)}).`);
      return;
    }
    const tries = outcome.attempts === 1 ? '1 attempt' : `${outcome.attempts} attempts`;
    w.events.push(life.event(w.incident, w.now, actor, 'page_failed', { text: outcome.error, data: { pager: pagerName, action, reason: page.reason, target: page.request.target, attempts: outcome.attempts } }));
    if (action !== 'trigger') {
      const did = action === 'resolve' ? 'resolved' : 'acknowledged';
      w.say(`⚠️ Could not tell ${escapeText(pagerName)} that ${w.incident.id} was ${did} (${tries}): ${escapeText(outcome.error)}. Do it in ${escapeText(pagerName)} too.`);
      return;
    }
    if (link.pagedHere && !link.id) w.incident = life.touch({ ...w.incident, pager: { ...link, status: 'failed', updatedAt: w.now } }, w.now);
    const text = `⚠️ Paging ${whom} through ${escapeText(pagerName)} failed: ${escapeText(outcome.error)} (${tries}). ${bold('Nobody was paged')}: call the on-call directly.${escalationContacts(service)}`;
    w.post({
      text: stripMarkup(text),
      blocks: [
        { type: 'text', text },
        { type: 'actions', elements: [{ type: 'button', actionId: ACTION.page, label: 'Try paging again', value: w.incident.id, style: 'danger' }] },
      ],
      accent: 'critical',
    });
  });
}

/** ` Escalation contacts: @a, @b.` — or nothing when the policy names none. */
export function escalationContacts(service: IncidentService): string {
  const list = service.policy.escalation.contacts;
  return list.length ? ` Escalation contacts: ${list.map(contactText).join(', ')}.` : '';
}

/** `slack:U123` or `discord:81…` become mentions on their platform; anything else is shown as written. */
function contactText(contact: string): string {
  const m = /^(\w+):(.+)$/.exec(contact);
  return m ? mention(contact, m[2]!) : escapeText(contact);
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
