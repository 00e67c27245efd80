/** "Next business day": the next Monday–Friday at the policy's start hour, in its time zone. */
import type { BusinessHours } from './policy.js';

export function nextBusinessDayAt(from: number, hours: BusinessHours): number {
  for (let dayOffset = 1; dayOffset <= 7; dayOffset++) {
    const local = localParts(from + dayOffset * 86_400_000, hours.timeZone);
    if (local.weekday === 'Sat' || local.weekday === 'Sun') continue;
    return zonedTime(local.year, local.month, local.day, hours.startHour, hours.timeZone);
  }
  return from + 86_400_000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Date formatters are costly to build; one per zone and purpose is enough. */
function formatter(kind: 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' })
        : new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(key, f);
  }
  return f;
}

function localParts(at: number, timeZone: string) {
  const parts = formatter('date', timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: Number(get('year')), month: Number(get('month')), day: Number(get('day')), weekday: get('weekday') };
}

/** The instant when the wall clock in `timeZone` reads the given date at `hour`:00. */
function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour);
  const offset = offsetAt(guess, timeZone);
  const first = guess - offset;
  const second = offsetAt(first, timeZone);
  return second === offset ? first : guess - second;
}

function offsetAt(at: number, timeZone: string): number {
  const parts = formatter('time', timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}
