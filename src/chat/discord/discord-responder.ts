/**
 * Answers the person who acted, privately: the deferred reply is edited (or a follow-up sent)
 * with the interaction token while it is valid (15 minutes); after that, or when the token is
 * refused, a channel message mentioning them. Errors and answers are ephemeral (flags 64).
 */
import { ACTION, MODAL } from '../../core/actions.js';
import type { Clock } from '../../core/clock.js';
import type { Reply } from '../../core/interactions.js';
import type { Logger } from '../../core/logger.js';
import { message, type ChatMessage, type Modal } from '../../core/message.js';
import type { ChatResponder, StoredInboxEntry } from '../../core/ports.js';
import type { DiscordApi } from './discord-api.js';
import { renderMessage } from './render-message.js';
import { DISCORD_CODE, discordCodeOf } from './to-upstream-error.js';

/** Where an interaction's answer goes (stored with it in the inbox, so JSON). */
export interface DiscordReplyTo {
  applicationId: string;
  token?: string;
  receivedAt: number;
  channelId?: string;
  userId?: string;
  /** `edit`: a deferred reply waits for its text; `followup`: a click was deferred; `none`: a 📌 reaction. */
  mode: 'edit' | 'followup' | 'none';
}

const TOKEN_VALID_MS = 14 * 60_000;
const EPHEMERAL = 64;

export class DiscordResponder implements ChatResponder {
  readonly surface = 'discord';

  constructor(
    private readonly api: DiscordApi,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async respond(replyTo: unknown, reply: Reply, entry: StoredInboxEntry): Promise<void> {
    const to = replyTo as DiscordReplyTo;
    // A deferred command reply shows "thinking…" until it is filled: an answer with nothing to say closes it.
    const answer = reply.message ?? (reply.modal ? modalFallback(reply.modal) : to.mode === 'edit' ? message('Done.') : undefined);
    if (!answer || to.mode === 'none') return;
    if (to.token && this.clock.now() - to.receivedAt < TOKEN_VALID_MS) {
      try {
        await this.#withToken(to, answer);
        return;
      } catch (err) {
        const code = discordCodeOf(err);
        if (code !== DISCORD_CODE.unknownWebhook && code !== DISCORD_CODE.unknownInteraction) throw err;
        this.log.info({ code, deliveryId: entry.deliveryId }, 'interaction token refused; answering in the channel');
      }
    }
    await this.#inChannel(to, answer, entry);
  }

  #withToken(to: DiscordReplyTo, answer: ChatMessage): Promise<unknown> {
    const body = { ...renderMessage(answer), flags: EPHEMERAL };
    const base = `/webhooks/${to.applicationId}/${to.token}` as const;
    return to.mode === 'edit'
      ? this.api.call('patch', `${base}/messages/@original`, 'answer an interaction', body, { auth: false })
      : this.api.call('post', base, 'answer an interaction', body, { auth: false });
  }

  async #inChannel(to: DiscordReplyTo, answer: ChatMessage, entry: StoredInboxEntry): Promise<void> {
    if (!to.channelId) return;
    const body = renderMessage(answer);
    const users = to.userId ? [to.userId, ...body.allowed_mentions.users.filter((u) => u !== to.userId)] : body.allowed_mentions.users;
    await this.api.call('post', `/channels/${to.channelId}/messages`, 'answer in the channel', {
      ...body,
      content: `${to.userId ? `<@${to.userId}> ` : ''}${body.content}`.slice(0, 2000),
      allowed_mentions: { ...body.allowed_mentions, users },
      nonce: `fbr-${entry.id}`,
      enforce_nonce: true,
    });
  }
}

/** A form that could not open first (Discord opens modals only as the first answer): a button that opens it. */
export function modalFallback(modal: Modal): ChatMessage {
  const open = (actionId: (typeof ACTION)[keyof typeof ACTION]): ChatMessage => ({
    text: modal.title,
    blocks: [
      { type: 'text', text: `${modal.title}: open the form.` },
      { type: 'actions', elements: [{ type: 'button', actionId, label: modal.submitLabel, value: modal.privateValue, style: 'primary' }] },
    ],
  });
  if (modal.id === MODAL.update) return open(ACTION.openUpdate);
  if (modal.id === MODAL.resolve) return open(ACTION.openResolve);
  if (modal.id === MODAL.stepFailed) return open(ACTION.openStepFailed);
  return message('Run `/incident declare` to open the form.');
}
