/** Who is on call, from PagerDuty `GET /oncalls`: every escalation level, with hand-off times. */
import { NotFoundError } from '../core/errors.js';
import type { OnCallEntry } from '../core/ports.js';
import type { RestApi } from './rest-api.js';

interface Reference {
  id: string;
  summary?: string;
  name?: string;
}

interface OnCall {
  escalation_policy?: Reference | null;
  escalation_level?: number;
  schedule?: Reference | null;
  user?: (Reference & { email?: string }) | null;
  start?: string | null;
  end?: string | null;
}

/** `query` names a schedule or an escalation policy (name or id); empty = everyone on call now. */
export async function lookupOnCall(rest: RestApi, query?: string): Promise<OnCallEntry[]> {
  const filter: Record<string, string[]> = {};
  const q = query?.trim();
  if (q) {
    const schedule = await findByName(rest, 'schedules', q);
    const policy = schedule ? undefined : await findByName(rest, 'escalation_policies', q);
    if (schedule) filter['schedule_ids[]'] = [schedule.id];
    else if (policy) filter['escalation_policy_ids[]'] = [policy.id];
    else throw new NotFoundError(`PagerDuty has no schedule or escalation policy named "${q}"`);
  }
  const oncalls = await rest.list<OnCall>('oncalls', 'oncalls', { earliest: 'true', ...filter });
  return oncalls.filter((o) => o.user).map(toEntry);
}

function toEntry(o: OnCall): OnCallEntry {
  const entry: OnCallEntry = {
    schedule: nameOf(o.schedule) ?? 'always on call',
    person: nameOf(o.user) ?? o.user!.id,
    level: o.escalation_level ?? 1,
  };
  const policy = nameOf(o.escalation_policy);
  if (policy) entry.policy = policy;
  if (o.user?.email) entry.email = o.user.email;
  const since = o.start ? Date.parse(o.start) : NaN;
  const until = o.end ? Date.parse(o.end) : NaN;
  if (!Number.isNaN(since)) entry.since = since;
  if (!Number.isNaN(until)) entry.until = until;
  return entry;
}

async function findByName(rest: RestApi, path: 'schedules' | 'escalation_policies', q: string): Promise<Reference | undefined> {
  const found = await rest.list<Reference>(path, path, { query: q });
  const lower = q.toLowerCase();
  return found.find((r) => r.id === q || nameOf(r)?.toLowerCase() === lower) ?? (found.length === 1 ? found[0] : undefined);
}

function nameOf(ref: Reference | null | undefined): string | undefined {
  return ref ? (ref.summary ?? ref.name) : undefined;
}
