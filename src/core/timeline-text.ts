/** One line per timeline event, for the post-mortem (Markdown) and `/incident timeline` (chat markup). */
import type { TimelineEvent } from './incident.js';

/** `escape` makes people's and alerts' text literal in the target format. */
export function describeEvent(e: TimelineEvent, escape: (text: string) => string): string {
  const who = escape(e.actor.name);
  const text = e.text ? `: ${escape(e.text)}` : '';
  const name = (value: unknown) => escape((value as { name?: string } | null)?.name ?? '?');
  switch (e.kind) {
    case 'declared':
      return `${who} declared the incident${text}`;
    case 'acknowledged':
      return `${who} acknowledged`;
    case 'severity_changed':
      return `${who} changed severity ${e.before ?? 'untriaged'} → ${e.after}`;
    case 'triaged':
      return `${who} triaged as ${e.after} (${((e.data?.path as string[]) ?? []).map(escape).join('; ')})`;
    case 'status_changed':
      return `${who} changed status ${e.before} → ${e.after}`;
    case 'role_assigned':
      return `${who} assigned ${e.data?.role}: ${name(e.after)}`;
    case 'status_update':
      return `**Status update** by ${who}${text}`;
    case 'runbook_step':
      return `${who} marked runbook step ${e.data?.step} "${escape(String(e.data?.title ?? ''))}" ${e.data?.outcome}${text}`;
    case 'responder_joined':
      return `${who} joined the response`;
    case 'responder_left':
      return `${who} left the response`;
    case 'evidence':
      return `${who} kept a message by ${name(e.data?.author)}${text}`;
    case 'followup_done':
      return `${who} completed follow-up #${e.data?.followUpId}${text}`;
    case 'published':
      return `${who} published the incident on the status page`;
    default:
      return `${e.kind.replace(/_/g, ' ')} (${who})${text}`;
  }
}
