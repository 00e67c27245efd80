/** The neutral inline markup as Discord markdown: escaped plain text, mentions collected for `allowed_mentions`. */
import { parseInline } from '../../core/format.js';

/** The people and roles a message means to mention: the only ones `allowed_mentions` lets ping. */
export interface Mentions {
  users: Set<string>;
  roles: Set<string>;
}

export function noMentions(): Mentions {
  return { users: new Set(), roles: new Set() };
}

const SNOWFLAKE = /^\d{5,25}$/;

/** Discord markdown and mention syntax in text that must stay literal (alert titles, user input). */
export function escapeMarkdown(text: string): string {
  return escapeInline(text).replace(/^(\s*)([#>+-]|\d+\.)/gm, (_m, space: string, mark: string) => `${space}\\${mark}`);
}

/** As `escapeMarkdown`, for text inside bold or italic (no headings or lists can start there). */
function escapeInline(text: string): string {
  return text.replace(/[\\*_~`|<>[\]]/g, (c) => `\\${c}`).replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** Renders marked-up text; `mentions` collects the Discord people and roles it names. */
export function renderInline(text: string, mentions: Mentions): string {
  return parseInline(text)
    .map((span) => {
      switch (span.type) {
        case 'text':
          return escapeMarkdown(span.text);
        case 'bold':
          return `**${escapeInline(span.text)}**`;
        case 'italic':
          return `_${escapeInline(span.text)}_`;
        case 'code':
          return `\`${span.text.replace(/`/g, "'")}\``;
        case 'link':
          return `[${escapeInline(span.text)}](${span.url})`;
        case 'mention':
          return renderMention(span.userId, span.name, span.group === true, mentions);
      }
    })
    .join('');
}

function renderMention(userId: string, name: string, group: boolean, mentions: Mentions): string {
  const id = userId.startsWith('discord:') ? userId.slice('discord:'.length) : undefined;
  if (id && SNOWFLAKE.test(id)) {
    (group ? mentions.roles : mentions.users).add(id);
    return group ? `<@&${id}>` : `<@${id}>`;
  }
  return `@${escapeMarkdown(name)}`;
}

/** Cuts text to `max` characters, ending with the truncation marker when it had to cut. */
export function truncate(text: string, max: number, marker = TRUNCATED): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - marker.length - 1)).trimEnd()} ${marker}`.slice(0, max);
}

export const TRUNCATED = '… (truncated, full text in the console)';
