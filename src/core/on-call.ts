/** `/incident oncall [schedule | escalation policy]`: who is on call now, per level, with hand-off times. */
import { UpstreamError } from './errors.js';
import { bold, escapeText } from './format.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { message } from './message.js';
import type { OnCallAnswer, OnCallEntry } from './ports.js';
import { formatDuration } from './time-format.js';

export async function whoIsOnCall(service: IncidentService, query?: string): Promise<Reply> {
  const { pager, clock, log } = service.deps;
  if (!pager) return { message: message('No pager is configured; set PAGERDUTY_API_TOKEN to look up the on-call.') };
  let answer: OnCallAnswer;
  try {
    const got = await pager.onCall(query);
    answer = Array.isArray(got) ? { entries: got, asOf: clock.now() } : got;
  } catch (err) {
    log.warn({ err, query }, 'on-call lookup failed');
    const why = err instanceof UpstreamError || (err instanceof Error && 'expose' in err && err.expose) ? err.message : 'it did not answer';
    return { message: message(`⚠️ Could not ask ${pager.name} who is on call${query ? ` for ${query}` : ''}: ${why}. Try again in a minute, or look in ${pager.name} directly.`) };
  }
  const zone = service.policy.businessHours.timeZone;
  const stale = answer.staleBecause
    ? `\n⚠️ ${escapeText(pager.name)} is not answering (${escapeText(answer.staleBecause)}); this answer is ${formatDuration(clock.now() - answer.asOf)} old.`
    : '';
  if (answer.entries.length === 0) return { message: message(`Nobody is on call${query ? ` for ${escapeText(query)}` : ''}.${stale}`) };
  const lines = [...answer.entries].sort(byPolicyAndLevel).map((e) => entryLine(e, zone));
  return { message: message(`📟 ${bold('On call')} (times in ${escapeText(zone)})\n${lines.join('\n')}${stale}`) };
}

function byPolicyAndLevel(a: OnCallEntry, b: OnCallEntry): number {
  return (a.policy ?? '').localeCompare(b.policy ?? '') || a.level - b.level || a.schedule.localeCompare(b.schedule);
}

function entryLine(e: OnCallEntry, zone: string): string {
  const where = e.policy ? `${bold(e.policy)} · level ${e.level}` : `${bold(e.schedule)} · level ${e.level}`;
  const schedule = e.policy && e.schedule ? ` (${escapeText(e.schedule)})` : '';
  const until = e.until ? ` until ${zonedTime(e.until, zone)}` : '';
  const since = e.since && e.until ? `, since ${zonedTime(e.since, zone)}` : '';
  return `${where}: ${escapeText(e.person)}${schedule}${until}${since}`;
}

/** `Tue 5 Mar 18:00` in the policy's time zone. */
export function zonedTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(at)
    .replace(',', '');
}
