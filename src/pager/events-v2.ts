/**
 * Events API v2 through `fetch` to PAGERDUTY_EVENTS_URL (pdjs `event()` only builds https:// URLs).
 * The dedup key makes a resend safe: PagerDuty folds it into the same incident.
 */
import { UpstreamError } from '../core/errors.js';
import { toUpstreamError, transportError } from './upstream-error.js';

export interface EventsClientOptions {
  eventsUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function sendEvent(options: EventsClientOptions, event: Record<string, unknown>): Promise<{ dedupKey: string }> {
  const what = `PagerDuty event ${String(event.event_action)}`;
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(`${options.eventsUrl.replace(/\/+$/, '')}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    text = await res.text();
  } catch (err) {
    throw transportError(what, err);
  }
  if (res.status !== 202 && !res.ok) throw toUpstreamError(what, res.status, errorDetail(text), res.headers.get('retry-after'));
  let body: { dedup_key?: unknown };
  try {
    body = JSON.parse(text) as { dedup_key?: unknown };
  } catch (err) {
    throw new UpstreamError(`${what}: PagerDuty answered ${res.status} without JSON`, { retryable: true, status: res.status, cause: err });
  }
  return { dedupKey: typeof body.dedup_key === 'string' ? body.dedup_key : String(event.dedup_key) };
}

function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: unknown };
    return [body.message, ...(Array.isArray(body.errors) ? body.errors : [])].filter((v) => typeof v === 'string').join('; ');
  } catch {
    // not JSON (a proxy's error page): its first characters are the best detail there is
    return text.slice(0, 120);
  }
}
