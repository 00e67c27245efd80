/**
 * Discord as a chat platform: an incident's room is a thread started on its header message in the
 * incidents channel; the header is edited in place; broadcasts go to the status channel. Every post
 * carries the outbox row's key as `nonce` with `enforce_nonce`, so a re-post after a crash returns
 * the first message instead of a second one.
 */
import type { ChatMessage } from '../../core/message.js';
import type { ChatPacing, ChatPort, Delivery, MessageRef } from '../../core/ports.js';
import type { DiscordApi } from './discord-api.js';
import { toDiscordFile } from './discord-files.js';
import { renderMessage } from './render-message.js';
import { DISCORD_CODE, discordCodeOf } from './to-upstream-error.js';
import { withUnarchive } from './with-unarchive.js';

export interface DiscordChatOptions {
  api: DiscordApi;
  incidentChannel: string;
  statusChannel?: string;
  /** Minutes of inactivity after which Discord archives a thread: 60, 1440, 4320 or 10080. */
  autoArchiveMinutes: number;
}

/** Where a broadcast went when no status channel is configured: nowhere, and edits of it do nothing. */
const NOWHERE = 'none';

export class DiscordChat implements ChatPort {
  readonly surface = 'discord';
  /** Discord allows about 5 messages per 5 s in one channel, and every thread is a channel of its own. */
  readonly pacing: ChatPacing = {
    channelOf: (to) => (to.kind === 'thread' ? `thread:${to.incidentId}` : to.channel),
    postIntervalMs: 1_000,
    editIntervalMs: 1_000,
    editsYieldToPostsMs: 30_000,
  };

  constructor(private readonly options: DiscordChatOptions) {}

  async openThread(incidentId: string, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
    const { incidentChannel } = this.options;
    let header = delivery.progress;
    if (!header) {
      const posted = await this.#create(incidentChannel, message, delivery.key, 'post the incident header');
      header = { channelId: incidentChannel, messageId: posted.id };
      await delivery.saveProgress(header);
    }
    const threadId = await this.#startThread(header.messageId, threadName(incidentId, message));
    return { channelId: threadId, messageId: header.messageId, threadId };
  }

  async post(target: { channel: 'incidents' | 'status' } | { thread: MessageRef }, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
    if ('thread' in target) {
      const threadId = target.thread.threadId ?? target.thread.channelId;
      const posted = await withUnarchive(this.options.api, threadId, () => this.#create(threadId, message, delivery.key, 'post in an incident thread'));
      return { channelId: threadId, messageId: posted.id, threadId };
    }
    const channel = target.channel === 'status' ? this.options.statusChannel : this.options.incidentChannel;
    if (!channel) return { channelId: NOWHERE, messageId: delivery.key };
    const posted = await this.#create(channel, message, delivery.key, `post in the ${target.channel} channel`);
    return { channelId: channel, messageId: posted.id };
  }

  async update(ref: MessageRef, message: ChatMessage): Promise<void> {
    if (ref.channelId === NOWHERE) return;
    // A thread started on a message has that message's id: the header lives in the incidents channel.
    const isHeader = ref.threadId !== undefined && ref.threadId === ref.messageId;
    const channel = isHeader ? this.options.incidentChannel : ref.channelId;
    const edit = () => this.options.api.call('patch', `/channels/${channel}/messages/${ref.messageId}`, 'edit a message', renderMessage(message));
    await (isHeader || !ref.threadId ? edit() : withUnarchive(this.options.api, ref.threadId, edit));
  }

  async closeRoom(thread: MessageRef, message: ChatMessage, delivery: Delivery): Promise<void> {
    const threadId = thread.threadId ?? thread.channelId;
    await this.post({ thread }, message, delivery);
    await this.options.api.call('patch', `/channels/${threadId}`, 'archive an incident thread', { archived: true });
  }

  #create(channel: string, message: ChatMessage, nonce: string, what: string): Promise<{ id: string }> {
    const body = { ...renderMessage(message), nonce, enforce_nonce: true };
    const file = message.attachment ? toDiscordFile(message.attachment) : undefined;
    if (!file) return this.options.api.call<{ id: string }>('post', `/channels/${channel}/messages`, what, body);
    return this.options.api.call<{ id: string }>('post', `/channels/${channel}/messages`, what, { ...body, attachments: [file.attachment] }, { files: [file.raw] });
  }

  async #startThread(headerId: string, name: string): Promise<string> {
    const { api, incidentChannel, autoArchiveMinutes } = this.options;
    try {
      const thread = await api.call<{ id: string }>('post', `/channels/${incidentChannel}/messages/${headerId}/threads`, 'start an incident thread', {
        name,
        auto_archive_duration: autoArchiveMinutes,
      });
      return thread.id;
    } catch (err) {
      // A thread already exists for the message (an earlier attempt started it): a thread started on a message has its id.
      if (discordCodeOf(err) === DISCORD_CODE.threadExists) return headerId;
      throw err;
    }
  }
}

/** `INC-7 · Checkout returns 500s`, at most 100 characters (Discord's limit for channel names). */
export function threadName(incidentId: string, message: ChatMessage): string {
  const title = message.text.split(' — ')[0]!.replace(/\s+/g, ' ').trim();
  const name = title.startsWith(incidentId) ? title : `${incidentId} · ${title}`;
  return name.length <= 100 ? name : `${name.slice(0, 99)}…`;
}
