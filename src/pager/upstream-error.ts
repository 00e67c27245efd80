/** PagerDuty answers and transport failures → `UpstreamError` with `retryable` and `retryAfterMs`. */
import { UpstreamError } from '../core/errors.js';

/** What the sender may retry: timeouts, 5xx, network errors, and 429 after the time PagerDuty asks. */
export function toUpstreamError(what: string, status: number, detail: string, retryAfter: string | null): UpstreamError {
  const retryable = status === 429 || status >= 500 || status === 408;
  const message = `${what}: PagerDuty answered ${status}${detail ? ` (${detail.slice(0, 200)})` : ''}`;
  return new UpstreamError(message, { retryable, status, retryAfterMs: status === 429 ? parseRetryAfter(retryAfter) : undefined });
}

export function transportError(what: string, err: unknown): UpstreamError {
  const name = err instanceof Error ? err.name : '';
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const reason = timedOut ? 'timed out' : `network error (${err instanceof Error ? err.message : String(err)})`;
  return new UpstreamError(`${what}: PagerDuty ${reason}`, { retryable: true, cause: err });
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
