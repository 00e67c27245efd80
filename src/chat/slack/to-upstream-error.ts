/** Web API failures as the core's `UpstreamError`: what is worth retrying, and when. */
import { webApi } from '@slack/bolt';
import { UpstreamError } from '../../core/errors.js';

/** Slack errors that mean "try again later"; every other `ok: false` is the message's own fault. */
const RETRYABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited', 'team_added_to_org']);

export function toUpstreamError(method: string, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new UpstreamError(`Slack ${method}: rate limited`, { retryable: true, retryAfterMs: Math.max(1, err.retryAfter) * 1000, status: 429, cause: err });
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const retryable = err.statusCode >= 500 || err.statusCode === 408;
    return new UpstreamError(`Slack ${method}: HTTP ${err.statusCode}`, { retryable, status: err.statusCode, cause: err });
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    return new UpstreamError(`Slack ${method}: ${code}`, { retryable: RETRYABLE.has(code), status: 200, cause: err });
  }
  if (err instanceof webApi.WebAPIRequestError) {
    return new UpstreamError(`Slack ${method}: request failed (${err.original?.message ?? 'network'})`, { retryable: true, cause: err });
  }
  const text = err instanceof Error ? err.message : String(err);
  return new UpstreamError(`Slack ${method}: ${text}`, { retryable: true, cause: err });
}

/** The Slack error code of a platform refusal (`name_taken`, `already_in_channel`), if it was one. */
export function slackErrorCode(err: unknown): string | undefined {
  const cause = err instanceof UpstreamError ? err.cause : err;
  return cause instanceof webApi.WebAPIPlatformError ? cause.data.error : undefined;
}
