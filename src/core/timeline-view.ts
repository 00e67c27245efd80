/** `/incident timeline`: the latest of the incident's timeline, compact, for the person who asked. */
import { bold, escapeText, link } from './format.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { describeEvent } from './timeline-text.js';
import { formatTime } from './time-format.js';

/** At most this many events, each line cut at `LINE`, all of them within `BUDGET` characters (a Discord message is 2000). */
export const TIMELINE_LIMITS = { events: 20, line: 160, budget: 1500 } as const;

export async function showTimeline(service: IncidentService, id: string): Promise<Reply> {
  const incident = await service.get(id);
  const events = await service.deps.store.timeline(id);
  const lines: string[] = [];
  let used = 0;
  for (const e of events.slice(-TIMELINE_LIMITS.events).reverse()) {
    const line = `\`${formatTime(e.at).slice(11, 16)}\` ${truncate(describeEvent(e, escapeText), TIMELINE_LIMITS.line)}`;
    if (used + line.length + 1 > TIMELINE_LIMITS.budget) break;
    used += line.length + 1;
    lines.unshift(line);
  }
  const hidden = events.length - lines.length;
  const older = hidden > 0 ? `_${hidden} earlier ${hidden === 1 ? 'event' : 'events'} not shown._\n` : '';
  const full = link('the full timeline in the console', `${service.deps.publicUrl}/incidents/${incident.id}/timeline`);
  return { message: message(`${bold(`Timeline of ${incident.id}`)} (UTC)\n${older}${lines.join('\n')}\nSee ${full}.`) };
}

/** Cuts at a character limit without leaving half an escape or an open markup span behind. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1).replace(/\\$/, '');
  const open = (cut.match(/(?<!\\)\*\*/g) ?? []).length % 2 === 1 ? '**' : '';
  const code = (cut.match(/(?<!\\)`/g) ?? []).length % 2 === 1 ? '`' : '';
  return `${cut}${code}${open}…`;
}
