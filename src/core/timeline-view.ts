/** `/incident timeline`: the latest of the incident's timeline, compact, for the person who asked. */
import { bold, escapeText, link } from './format.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import { describeEvent } from './timeline-text.js';
import { formatTime } from './time-format.js';

const SHOWN = 25;

export async function showTimeline(service: IncidentService, id: string): Promise<Reply> {
  const incident = await service.get(id);
  const events = await service.deps.store.timeline(id);
  const lines = events.slice(-SHOWN).map((e) => `\`${formatTime(e.at).slice(11, 16)}\` ${truncate(describeEvent(e, escapeText), 300)}`);
  const older = events.length > SHOWN ? `_${events.length - SHOWN} earlier events not shown._\n` : '';
  const full = link('the full timeline in the console', `${service.deps.publicUrl}/incidents/${incident.id}`);
  return { message: message(`${bold(`Timeline of ${incident.id}`)} (UTC)\n${older}${lines.join('\n')}\nSee ${full}.`) };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
