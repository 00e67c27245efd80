/**
 * A neutral message as a Discord message body: markdown content (≤ 2000), an embed with the accent
 * colour and the fields, components, and `allowed_mentions` naming exactly the people and roles
 * the core mentioned — never `@everyone`, `@here` or a role from alert text.
 */
import type { ChatMessage } from '../../core/message.js';
import { renderComponents, type DiscordActionRow } from './render-components.js';
import { escapeMarkdown, noMentions, renderInline, truncate, type Mentions } from './render-inline.js';

export interface DiscordEmbed {
  color?: number;
  description?: string;
  fields?: { name: string; value: string; inline: boolean }[];
}

export interface DiscordMessageBody {
  content: string;
  embeds: DiscordEmbed[];
  components: DiscordActionRow[];
  allowed_mentions: { parse: []; users: string[]; roles: string[] };
}

export const MESSAGE_LIMITS = { content: 2000, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, mentions: 100 } as const;

const COLORS: Record<NonNullable<ChatMessage['accent']>, number> = {
  critical: 0xd92d20,
  major: 0xf79009,
  minor: 0xfdb022,
  info: 0x2e90fa,
  ok: 0x12b76a,
};

export function renderMessage(message: ChatMessage): DiscordMessageBody {
  const mentions = noMentions();
  const paragraphs: string[] = [];
  const fields: NonNullable<DiscordEmbed['fields']> = [];
  for (const block of message.blocks) {
    switch (block.type) {
      case 'text':
        paragraphs.push(renderInline(block.text, mentions));
        break;
      case 'context':
        paragraphs.push(renderInline(block.text, mentions).split('\n').map((line) => `-# ${line}`).join('\n'));
        break;
      case 'code':
        paragraphs.push(`\`\`\`${(block.language ?? '').replace(/[^\w+-]/g, '')}\n${block.text.replace(/```/g, "'''")}\n\`\`\``);
        break;
      case 'fields':
        for (const f of block.fields) fields.push(toField(f.label, f.value, mentions));
        break;
      case 'divider':
      case 'actions':
        break;
    }
  }
  const { rows, dropped } = renderComponents(message.blocks);
  if (dropped > 0) paragraphs.push(`-# ${dropped} more action${dropped === 1 ? '' : 's'} in the console`);
  let content = paragraphs.join('\n');
  const embed: DiscordEmbed = {};
  if (content.length > MESSAGE_LIMITS.content) {
    // Too long for content: the body goes into the embed (4096), and content keeps its first lines and the pings.
    embed.description = truncate(content, MESSAGE_LIMITS.description);
    content = truncate(paragraphs[0] ?? '', MESSAGE_LIMITS.content - 200) + pingLine(mentions);
  }
  if (!content && !embed.description && fields.length === 0) content = escapeMarkdown(message.text) || '…';
  if (fields.length) embed.fields = fields.slice(0, MESSAGE_LIMITS.fields);
  const embeds = embed.description || embed.fields ? [{ ...(message.accent ? { color: COLORS[message.accent] } : {}), ...embed }] : [];
  return {
    content: truncate(content, MESSAGE_LIMITS.content),
    embeds,
    components: rows,
    allowed_mentions: {
      parse: [],
      users: [...mentions.users].slice(0, MESSAGE_LIMITS.mentions),
      roles: [...mentions.roles].slice(0, MESSAGE_LIMITS.mentions),
    },
  };
}

function toField(label: string, value: string, mentions: Mentions): { name: string; value: string; inline: boolean } {
  return {
    name: truncate(escapeMarkdown(label), MESSAGE_LIMITS.fieldName, '…') || '\u200b',
    value: truncate(renderInline(value, mentions), MESSAGE_LIMITS.fieldValue) || '\u200b',
    inline: true,
  };
}

/** The mentions of a message whose body moved into the embed (an embed never pings). */
function pingLine(mentions: Mentions): string {
  const tags = [...[...mentions.users].map((id) => `<@${id}>`), ...[...mentions.roles].map((id) => `<@&${id}>`)];
  return tags.length ? `\n${tags.join(' ')}` : '';
}
