/**
 * Who the bot is, for Bolt (its own messages are ignored by id): `auth.test`, asked when first
 * needed and kept once it answered. Bolt's own single-token authorization asks once at start-up
 * and keeps a failure for good (and leaves it unhandled), so a Slack outage while Firebreak starts
 * would silence Slack until a restart. Here a failure is asked again next time, and meanwhile the
 * interaction goes on with the token alone (other bots' messages, the bot's own among them, are
 * ignored by the adapter anyway), so a command is never lost to an `auth.test` that failed.
 */
import type { Logger } from '../../core/logger.js';
import type { SlackApi } from './slack-api.js';

export interface SlackIdentity {
  botToken: string;
  botId?: string;
  botUserId?: string;
  teamId?: string;
}

export function slackAuthorize(api: SlackApi, botToken: string, log: Logger): () => Promise<SlackIdentity> {
  let known: Promise<SlackIdentity> | undefined;
  const ask = () => {
    known ??= api.call('auth.test', {}).then(
      (result) => {
        const identity: SlackIdentity = { botToken };
        if (typeof result.bot_id === 'string') identity.botId = result.bot_id;
        if (typeof result.user_id === 'string') identity.botUserId = result.user_id;
        if (typeof result.team_id === 'string') identity.teamId = result.team_id;
        return identity;
      },
      (err: unknown) => {
        known = undefined;
        throw err;
      },
    );
    return known;
  };
  return () =>
    ask().catch((err: unknown) => {
      log.warn({ err }, 'slack auth.test failed; going on with the bot token alone');
      return { botToken };
    });
}
