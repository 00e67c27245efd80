/** Paging and on-call lookups through the pager port; without a pager the flow says so and goes on. */
import { escapeText, bold } from './format.js';
import * as life from './incident.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { formatTime } from './time-format.js';

/** Pages the on-call for an incident. Called after the triggering change has been committed. */
export async function pageOnCall(service: IncidentService, id: string, actor: Person, target?: string, reason = 'manual'): Promise<Reply> {
  const { pager, log, publicUrl } = service.deps;
  const incident = await service.get(id);
  const destination = target ?? service.policy.escalation.pageTarget;
  if (!pager) {
    await service.withIncident(id, (w) => {
      w.events.push(life.event(w.incident, w.now, actor, 'page_failed', { text: 'no pager configured', data: { reason, target: destination } }));
      w.say(`⚠️ Could not page${destination ? ` ${escapeText(destination)}` : ' the on-call'}: no pager is configured (set PAGERDUTY_ROUTING_KEY or PAGERDUTY_API_TOKEN).`);
    });
    return { message: message('No pager is configured, so nobody was paged. The thread says so.') };
  }
  try {
    const { reference } = await pager.page({
      incidentId: incident.id,
      title: incident.title,
      severity: incident.severity,
      target: destination,
      summary: `${incident.id} ${incident.title} (${incident.severity ?? 'untriaged'})`,
      link: `${publicUrl}/incidents/${incident.id}`,
    });
    await service.withIncident(id, (w) => {
      w.events.push(life.event(w.incident, w.now, actor, 'paged', { data: { pager: pager.name, reference, target: destination, reason } }));
      w.say(`📟 Paged ${destination ? escapeText(destination) : 'the on-call'} through ${escapeText(pager.name)} (${escapeText(reference)}).`);
    });
    return { message: message(`Paged through ${pager.name}.`) };
  } catch (err) {
    log.warn({ err, incidentId: id }, 'paging failed');
    const why = err instanceof Error ? err.message : String(err);
    await service.withIncident(id, (w) => {
      w.events.push(life.event(w.incident, w.now, actor, 'page_failed', { text: why, data: { pager: pager.name, reason, target: destination } }));
      w.say(`⚠️ Paging through ${escapeText(pager.name)} failed: ${escapeText(why)}. Call the on-call directly.`);
    });
    return { message: message(`Paging failed: ${why}`) };
  }
}

export async function whoIsOnCall(service: IncidentService, schedule?: string): Promise<Reply> {
  const { pager } = service.deps;
  if (!pager) return { message: message('No pager is configured; set PAGERDUTY_API_TOKEN to look up the on-call.') };
  const entries = await pager.onCall(schedule);
  if (entries.length === 0) return { message: message(`Nobody is on call${schedule ? ` for ${schedule}` : ''}.`) };
  const lines = entries
    .sort((a, b) => a.level - b.level)
    .map((e) => `${bold(e.schedule)} · level ${e.level}: ${escapeText(e.person)}${e.until ? ` until ${formatTime(e.until)}` : ''}`);
  return { message: message(`📟 ${bold('On call')}\n${lines.join('\n')}`) };
}
