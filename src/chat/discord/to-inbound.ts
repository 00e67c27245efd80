/** A Discord interaction (command, click, form, message command) as the core's `Inbound`. */
import { COMMAND, type Subcommand } from '../../core/actions.js';
import type { Inbound } from '../../core/interactions.js';
import { TIMELINE_COMMAND } from './command-definitions.js';
import { parseCustomId } from './render-components.js';
import { parseModalSubmit } from './render-modal.js';
import { INTERACTION_TYPE, displayName, messageLink, type RawInteraction, type RawMessage } from './raw-interaction.js';
import { toCommandText } from './to-command-text.js';

export function toInbound(interaction: RawInteraction, subcommands: readonly Subcommand[], now: number): Inbound | undefined {
  const data = interaction.data;
  if (!data) return undefined;
  switch (interaction.type) {
    case INTERACTION_TYPE.command: {
      if (data.type === 3 && data.name === TIMELINE_COMMAND && data.target_id) {
        const target = data.resolved?.messages?.[data.target_id];
        return target ? { kind: 'evidence', evidence: toEvidence(target, interaction.guild_id, now) } : undefined;
      }
      const isIncident = (data.type === 1 || data.type === undefined) && `/${data.name}` === COMMAND;
      return isIncident ? { kind: 'command', text: toCommandText(data, subcommands) } : undefined;
    }
    case INTERACTION_TYPE.component: {
      if (!data.custom_id) return undefined;
      const { actionId, value } = parseCustomId(data.custom_id, data.values);
      return { kind: 'action', actionId, value };
    }
    case INTERACTION_TYPE.modalSubmit: {
      const { modalId, privateValue, values } = parseModalSubmit(data as Parameters<typeof parseModalSubmit>[0]);
      return { kind: 'submit', modalId, privateValue, values };
    }
    default:
      return undefined;
  }
}

/** A Discord message kept on the timeline: author, text, time and link. */
export function toEvidence(message: RawMessage, guildId: string | undefined, receivedAt: number): Extract<Inbound, { kind: 'evidence' }>['evidence'] {
  const text = message.content?.trim() || message.embeds?.map((e) => [e.title, e.description].filter(Boolean).join(': ')).join('\n').trim() || '(no text; open the link)';
  const postedAt = message.timestamp ? Date.parse(message.timestamp) : NaN;
  return {
    author: message.author ? { id: `discord:${message.author.id}`, name: displayName(message.author) } : { id: 'discord:unknown', name: 'someone' },
    text,
    postedAt: Number.isFinite(postedAt) ? postedAt : receivedAt,
    link: messageLink(guildId, message.channel_id, message.id),
  };
}
