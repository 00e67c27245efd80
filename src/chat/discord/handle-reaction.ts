/**
 * A 📌 on a message in an incident thread puts that message on the timeline: fetched through REST
 * for its author, text and time, stored through the inbox once per message (a second 📌 changes nothing).
 */
import type { InteractionContext } from '../../core/interactions.js';
import type { ChatAdapterDeps } from '../chat-adapter.js';
import type { DiscordApi } from './discord-api.js';
import type { DiscordReplyTo } from './discord-responder.js';
import { displayName, type RawMessage, type RawUser } from './raw-interaction.js';
import { toEvidence } from './to-inbound.js';

export interface RawReaction {
  user_id: string;
  channel_id: string;
  message_id: string;
  guild_id?: string;
  member?: { user?: RawUser; nick?: string | null };
  emoji?: { name?: string | null };
}

export const PIN = '📌';

export async function handleReaction(deps: ChatAdapterDeps, api: DiscordApi, applicationId: string, reaction: RawReaction): Promise<void> {
  if (reaction.emoji?.name !== PIN || reaction.member?.user?.bot) return;
  const incidentId = await deps.threads.incidentOfThread('discord', reaction.channel_id, reaction.channel_id);
  if (!incidentId) return; // a pin outside an incident thread is none of Firebreak's business
  const message = await api.call<RawMessage>('get', `/channels/${reaction.channel_id}/messages/${reaction.message_id}`, 'fetch a pinned message');
  const receivedAt = deps.clock.now();
  const actor = { id: `discord:${reaction.user_id}`, name: displayName(reaction.member?.user ?? { id: reaction.user_id }, reaction.member?.nick) };
  const ctx: InteractionContext = { actor, surface: 'discord', incidentId };
  const replyTo: DiscordReplyTo = { applicationId, receivedAt, channelId: reaction.channel_id, userId: reaction.user_id, mode: 'none' };
  const { done } = await deps.inbox.receive(
    {
      surface: 'discord',
      deliveryId: `pin:${reaction.message_id}`,
      inbound: { kind: 'evidence', evidence: toEvidence(message, reaction.guild_id, receivedAt) },
      ctx,
      replyTo,
      receivedAt,
    },
    async () => {},
  );
  await done;
}
