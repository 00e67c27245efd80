/**
 * Channel-per-incident rooms: create `inc-42-…`, invite the people, post the header there and a
 * one-line pointer in the incident channel. Each step's result is saved as delivery progress, so a
 * crash resumes at the next step instead of making a second channel.
 */
import { UpstreamError } from '../../core/errors.js';
import type { Incident } from '../../core/incident.js';
import type { Logger } from '../../core/logger.js';
import type { ChatMessage } from '../../core/message.js';
import type { Delivery, MessageRef } from '../../core/ports.js';
import type { SlackConfig } from '../../config/integrations.js';
import { channelName } from './channel-name.js';
import { renderBlocks, type SlackMessage } from './render-blocks.js';
import type { SlackApi } from './slack-api.js';
import { escapeSlack } from './slack-text.js';
import { slackErrorCode } from './to-upstream-error.js';

export interface SlackRoomsOptions {
  api: SlackApi;
  config: SlackConfig;
  log: Logger;
  incident: (id: string) => Promise<Incident | undefined>;
  onCallEmails: () => Promise<string[]>;
  postOnce: (channel: string, message: SlackMessage, delivery: Delivery) => Promise<string>;
}

const MAX_NAME_TRIES = 20;
const HARMLESS_INVITE_ERRORS = new Set(['already_in_channel', 'cant_invite_self', 'user_not_found', 'cant_invite', 'user_is_restricted']);

export class SlackRooms {
  constructor(private readonly options: SlackRoomsOptions) {}

  async open(incidentId: string, message: ChatMessage, delivery: Delivery): Promise<MessageRef> {
    const incident = await this.options.incident(incidentId);
    let channel = delivery.progress?.channelId;
    if (!channel) {
      channel = await this.#create(incidentId, incident?.title ?? '');
      await delivery.saveProgress({ channelId: channel, messageId: '' });
    }
    if (!delivery.progress?.messageId) await this.#invite(channel, incident);
    let ts = delivery.progress?.messageId;
    if (!ts) {
      ts = await this.options.postOnce(channel, renderBlocks(message), delivery);
      await delivery.saveProgress({ channelId: channel, messageId: ts });
    }
    const home = this.options.config.incidentChannel;
    if (home) {
      const title = escapeSlack(incident?.title ?? incidentId);
      const pointer = { text: `${incidentId} · ${incident?.title ?? ''} → #${channel}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `🔥 *${incidentId}* · ${title} → <#${channel}>` } }] };
      await this.options.postOnce(home, pointer, { ...delivery, key: `${delivery.key}:pointer` });
    }
    return { channelId: channel, messageId: ts };
  }

  async #create(incidentId: string, title: string): Promise<string> {
    for (let attempt = 1; attempt <= MAX_NAME_TRIES; attempt++) {
      try {
        const result = await this.options.api.call('conversations.create', { name: channelName(incidentId, title, attempt), is_private: false }, 'post');
        const id = (result.channel as { id?: string } | undefined)?.id;
        if (!id) throw new UpstreamError('Slack conversations.create: no channel id in the answer', { retryable: true });
        return id;
      } catch (err) {
        if (slackErrorCode(err) !== 'name_taken') throw err;
      }
    }
    throw new UpstreamError(`Slack conversations.create: every name for ${incidentId} is taken`, { retryable: false });
  }

  /** The on-call's Slack ids, found by their pager email (`users.lookupByEmail`); people Slack does not know are skipped. */
  async #onCallUsers(): Promise<string[]> {
    const ids: string[] = [];
    for (const email of await this.options.onCallEmails()) {
      try {
        const result = await this.options.api.call('users.lookupByEmail', { email });
        const id = (result.user as { id?: string } | undefined)?.id;
        if (id) ids.push(id);
      } catch (err) {
        this.options.log.info({ err }, 'an on-call person has no Slack account with their pager email');
      }
    }
    return ids;
  }

  /** Invites the declarer, the commander (when they are Slack people) and the on-call; a refusal is logged, never fatal. */
  async #invite(channel: string, incident: Incident | undefined): Promise<void> {
    const people = [incident?.declaredBy, incident?.roles.commander]
      .map((p) => /^slack:([UW][A-Z0-9]+)$/.exec(p?.id ?? '')?.[1])
      .filter((id): id is string => id !== undefined);
    const users = [...new Set([...people, ...(await this.#onCallUsers())])];
    if (users.length === 0) return;
    try {
      await this.options.api.call('conversations.invite', { channel, users: users.join(',') });
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === undefined && err instanceof UpstreamError && err.retryable) throw err;
      if (!code || !HARMLESS_INVITE_ERRORS.has(code)) this.options.log.warn({ err, channel }, 'could not invite people to the incident channel');
    }
  }
}
