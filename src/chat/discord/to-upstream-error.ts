/** discord.js REST errors as the core's `UpstreamError`: 429 and 5xx retryable, refusals not. Never the URL (it may hold an interaction token). */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { UpstreamError } from '../../core/errors.js';

/** Discord's JSON error codes Firebreak acts on. */
export const DISCORD_CODE = {
  unknownChannel: 10003,
  unknownInteraction: 10062,
  unknownWebhook: 10015,
  alreadyAcknowledged: 40060,
  threadArchived: 50083,
  threadExists: 160004,
  threadLocked: 160005,
} as const;

export function toUpstreamError(err: unknown, what: string): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (err instanceof RateLimitError) {
    return new UpstreamError(`Discord rate-limited ${what}`, { retryable: true, retryAfterMs: Math.max(err.retryAfter, 1), status: 429 });
  }
  if (err instanceof DiscordAPIError) {
    const status = err.status;
    const retryAfter = status === 429 ? retryAfterOf(err.rawError) : undefined;
    return Object.assign(
      new UpstreamError(`Discord refused ${what}: ${err.code} ${err.message}`, { retryable: status === 429 || status >= 500, retryAfterMs: retryAfter, status }),
      { discordCode: typeof err.code === 'number' ? err.code : undefined },
    );
  }
  if (err instanceof HTTPError) return new UpstreamError(`Discord failed ${what}: HTTP ${err.status}`, { retryable: true, status: err.status });
  const message = err instanceof Error ? err.message : String(err);
  return new UpstreamError(`Discord could not be reached for ${what}: ${message.split('\n')[0]}`, { retryable: true });
}

/** The Discord error code of a refusal (`50083` archived thread, …), if it was one. */
export function discordCodeOf(err: unknown): number | undefined {
  if (err instanceof DiscordAPIError) return typeof err.code === 'number' ? err.code : undefined;
  const code = (err as { discordCode?: unknown } | undefined)?.discordCode;
  return typeof code === 'number' ? code : undefined;
}

function retryAfterOf(raw: unknown): number | undefined {
  const seconds = (raw as { retry_after?: unknown } | undefined)?.retry_after;
  return typeof seconds === 'number' ? Math.ceil(seconds * 1000) : undefined;
}
