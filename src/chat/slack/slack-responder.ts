/** Answers the person who acted, privately: `chat.postEphemeral` where they are, else `response_url`, else a DM. */
import type { Reply } from '../../core/interactions.js';
import type { Logger } from '../../core/logger.js';
import { message as plainMessage, type ChatMessage } from '../../core/message.js';
import type { ChatResponder } from '../../core/ports.js';
import { renderBlocks } from './render-blocks.js';
import type { SlackApi } from './slack-api.js';

/** Where an answer goes, stored with the interaction as JSON. */
export interface SlackReplyTo {
  user: string;
  channel?: string;
  threadTs?: string;
  responseUrl?: string;
  /** A slash command: Slack does not say which thread it was typed in. */
  slash?: boolean;
}

const SLASH_HINT =
  'Slack does not tell bots which thread a slash command was typed in: name the incident (`/incident ack INC-42`), or mention Firebreak in the thread (`@Firebreak ack`).';

export const LATE_MODAL_NOTE =
  'This needs a form, and Slack only lets a form open right after a click or command. Use the button in the thread, or run the command again.';

export class SlackResponder implements ChatResponder {
  readonly surface = 'slack';

  constructor(
    private readonly api: SlackApi,
    private readonly log: Logger,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async respond(replyTo: unknown, reply: Reply): Promise<void> {
    const to = replyTo as SlackReplyTo;
    if (reply.message) await this.say(to, to.slash && /Which incident\?/.test(reply.message.text) ? withHint(reply.message) : reply.message);
    if (reply.modal) await this.say(to, plainMessage(LATE_MODAL_NOTE));
  }

  async say(to: SlackReplyTo, message: ChatMessage): Promise<void> {
    const rendered = renderBlocks(message);
    if (to.channel) {
      try {
        await this.api.call('chat.postEphemeral', { channel: to.channel, user: to.user, ...rendered, ...(to.threadTs ? { thread_ts: to.threadTs } : {}) }, 'post');
        return;
      } catch (err) {
        // Not a channel the bot is in (a DM, a private channel): the other ways may still reach the person.
        this.log.debug({ err, channel: to.channel }, 'ephemeral answer refused; trying response_url');
      }
    }
    if (to.responseUrl && (await this.#viaResponseUrl(to.responseUrl, rendered))) return;
    await this.api.call('chat.postMessage', { channel: to.user, ...rendered }, 'post');
  }

  async #viaResponseUrl(url: string, rendered: { text: string; blocks: unknown[] }): Promise<boolean> {
    try {
      const res = await this.fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...rendered }),
        signal: AbortSignal.timeout(5000),
      });
      return res.ok;
    } catch (err) {
      this.log.warn({ err }, 'could not answer through response_url');
      return false;
    }
  }
}

function withHint(message: ChatMessage): ChatMessage {
  return { ...message, text: `${message.text} ${SLASH_HINT}`, blocks: [...message.blocks, { type: 'context', text: SLASH_HINT.replace(/`/g, '') }] };
}
