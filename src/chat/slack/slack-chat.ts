/** Slack as a ChatPort: an incident's thread under its header in the incident channel (or a channel of its own). */
import { UpstreamError } from '../../core/errors.js';
import type { Incident } from '../../core/incident.js';
import type { Logger } from '../../core/logger.js';
import type { ChatMessage } from '../../core/message.js';
import type { ChatPacing, ChatPort, Delivery, Destination, MessageRef } from '../../core/ports.js';
import type { SlackConfig } from '../../config/integrations.js';
import { findPostedMessage, keyMetadata } from './message-key.js';
import { renderBlocks, type SlackMessage } from './render-blocks.js';
import { uploadAttachment } from './slack-files.js';
import type { SlackApi } from './slack-api.js';
import { SlackRooms } from './slack-rooms.js';
import { slackErrorCode } from './to-upstream-error.js';

export interface SlackChatOptions {
  api: SlackApi;
  config: SlackConfig;
  log: Logger;
  /** The incident a room belongs to (its title, people, resolution time). */
  incident: (id: string) => Promise<Incident | undefined>;
  /** Which incident a room (channel) belongs to. */
  /** Emails of the people on call now (the pager's first level), invited to a room of its own. */
  onCallEmails: () => Promise<string[]>;
}

/** What `post` answers when a destination is not configured (no status channel): nothing to edit later. */
const SKIPPED: MessageRef = { channelId: '', messageId: '' };

export class SlackChat implements ChatPort {
  readonly surface = 'slack';
  readonly pacing: ChatPacing;
  readonly #rooms: SlackRooms;

  constructor(private readonly options: SlackChatOptions) {
    const { config } = options;
    this.pacing = {
      channelOf: (to: Destination) => {
        if (to.kind === 'channel') return (to.channel === 'status' ? config.statusChannel : config.incidentChannel) ?? to.channel;
        return config.room === 'channel' ? `room:${to.incidentId}` : (config.incidentChannel ?? 'incidents');
      },
      postIntervalMs: 1000,
      editIntervalMs: 1000,
      // A storm of new incidents: their threads first, header edits at most 30 s behind.
      editsYieldToPostsMs: 30_000,
    };
    this.#rooms = new SlackRooms({ ...options, postOnce: (channel, message, delivery) => this.#postOnce(channel, message, delivery) });
  }

  async openThread(incidentId: string, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
    if (this.options.config.room === 'channel') return this.#rooms.open(incidentId, message, delivery);
    const channel = this.#channel('incidents');
    const ts = await this.#postOnce(channel, renderBlocks(message), delivery);
    return { channelId: channel, messageId: ts, threadId: ts };
  }

  async post(target: { channel: 'incidents' | 'status' } | { thread: MessageRef }, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
    if ('channel' in target) {
      const channel = target.channel === 'status' ? this.options.config.statusChannel : this.#channel('incidents');
      if (!channel) return SKIPPED;
      return { channelId: channel, messageId: await this.#postOnce(channel, renderBlocks(message), delivery) };
    }
    const { channelId, threadId } = target.thread;
    const broadcast = threadId !== undefined && this.options.config.replyBroadcast && message.alsoInChannel === true;
    const ts = await this.#postOnce(channelId, renderBlocks(message), delivery, threadId, broadcast);
    if (message.attachment) {
      await uploadAttachment(this.options.api, this.options.log, { channel: channelId, ...(threadId ? { threadTs: threadId } : {}), after: ts }, message.attachment, delivery);
    }
    return threadId ? { channelId, messageId: ts, threadId } : { channelId, messageId: ts };
  }

  async update(ref: MessageRef, message: ChatMessage): Promise<void> {
    if (!ref.messageId) return;
    await this.options.api.call('chat.update', { channel: ref.channelId, ts: ref.messageId, ...renderBlocks(message) });
  }

  /** A room of its own gets its last line, then is archived; a thread in the shared channel has nothing to archive. */
  async closeRoom(thread: MessageRef, message: ChatMessage, delivery: Delivery): Promise<void> {
    if (thread.threadId) return;
    await this.post({ thread }, message, delivery);
    try {
      await this.options.api.call('conversations.archive', { channel: thread.channelId });
    } catch (err) {
      if (slackErrorCode(err) !== 'already_archived') throw err;
    }
  }

  /** Posts once per delivery key: a retry after an attempt that may have landed finds that message instead. */
  async #postOnce(channel: string, message: SlackMessage, delivery: Delivery, threadTs?: string, broadcast = false): Promise<string> {
    const { api, log } = this.options;
    if (delivery.attempt > 1) {
      const found = await findPostedMessage(api, channel, delivery.key, threadTs);
      if (found) {
        log.info({ channel, key: delivery.key }, 'slack message of an earlier attempt found; not posting again');
        return found;
      }
    }
    const args: Record<string, unknown> = { channel, ...message, metadata: keyMetadata(delivery.key), unfurl_links: false, unfurl_media: false };
    if (threadTs) args.thread_ts = threadTs;
    if (broadcast) args.reply_broadcast = true;
    const result = await api.call('chat.postMessage', args, 'post');
    if (typeof result.ts !== 'string') throw new UpstreamError('Slack chat.postMessage: no ts in the answer', { retryable: true });
    return result.ts;
  }

  #channel(which: 'incidents'): string {
    const channel = this.options.config.incidentChannel;
    if (!channel) throw new UpstreamError(`Slack ${which} channel is not configured (SLACK_INCIDENT_CHANNEL)`, { retryable: false });
    return channel;
  }
}
