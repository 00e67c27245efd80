/** What the status channel hears beyond declarations and updates: severity changes and reopenings. */
import { bold, escapeText } from './format.js';
import type { Incident, Person } from './incident.js';
import type { ChatMessage } from './message.js';
import type { Policy } from './policy.js';

/** `⬆️ INC-3 · Checkout down raised to SEV1 (was SEV2) by Alice`; lowered, or triaged from untriaged. */
export function severityBroadcast(policy: Policy, incident: Incident, before: string | null, actor: Person): ChatMessage {
  const after = incident.severity ?? 'untriaged';
  const name = `${incident.id} · ${incident.title}`;
  const rank = (s: string | null) => policy.severities.findIndex((x) => x.id === s);
  const change = before === null ? 'triaged as' : rank(after) < rank(before) ? 'raised to' : 'lowered to';
  const icon = before === null ? '🧭' : change === 'raised to' ? '⬆️' : '⬇️';
  const was = before === null ? '' : ` (was ${before})`;
  return {
    text: `${incident.id} ${change} ${after}${was}: ${incident.title}`,
    blocks: [{ type: 'text', text: `${icon} ${bold(name)} ${change} ${bold(after)}${was} by ${escapeText(actor.name)}` }],
    accent: rank(after) < rank(before) || before === null ? 'major' : 'info',
  };
}

/** `♻️ INC-3 · Checkout down reopened by Alice: An alert fired again.` */
export function reopenBroadcast(incident: Incident, actor: Person, reason?: string): ChatMessage {
  const name = `${incident.id} · ${incident.title}`;
  return {
    text: `${incident.id} reopened: ${incident.title}`,
    blocks: [{ type: 'text', text: `♻️ ${bold(name)} reopened by ${escapeText(actor.name)}${reason ? `: ${escapeText(reason)}` : ''}` }],
    accent: 'major',
  };
}
