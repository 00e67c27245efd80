/**
 * Discord archives a quiet thread; when the incident gets activity again, Firebreak unarchives it
 * and tries once more. A locked thread (or one the bot may not unarchive) is refused for good.
 */
import { UpstreamError } from '../../core/errors.js';
import type { DiscordApi } from './discord-api.js';
import { DISCORD_CODE, discordCodeOf } from './to-upstream-error.js';

export async function withUnarchive<T>(api: DiscordApi, threadId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const code = discordCodeOf(err);
    if (code === DISCORD_CODE.threadLocked) throw lockedError(err);
    if (code !== DISCORD_CODE.threadArchived) throw err;
  }
  try {
    await api.call('patch', `/channels/${threadId}`, 'unarchive an incident thread', { archived: false });
  } catch (err) {
    if (discordCodeOf(err) === DISCORD_CODE.threadLocked || (err instanceof UpstreamError && err.status === 403)) throw lockedError(err);
    throw err;
  }
  return call();
}

function lockedError(cause: unknown): UpstreamError {
  return new UpstreamError('Discord thread is locked: a moderator must unlock it before Firebreak can post there', { retryable: false, status: 403, cause });
}
