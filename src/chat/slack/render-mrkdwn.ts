/** The neutral inline markup as Slack mrkdwn: people mentioned as `<@U…>`, groups as `<!subteam^S…>`, all else escaped. */
import { parseInline, type Span } from '../../core/format.js';
import { escapeSlack } from './slack-text.js';

export function renderMrkdwn(text: string): string {
  return parseInline(text).map(renderSpan).join('');
}

/** The same text without markup, for `plain_text` objects and notification fallbacks. */
export function renderPlain(text: string): string {
  return parseInline(text)
    .map((span) => (span.type === 'mention' ? `@${span.name}` : span.text))
    .join('');
}

function renderSpan(span: Span): string {
  switch (span.type) {
    case 'text':
      return escapeSlack(span.text);
    case 'bold':
      return `*${escapeSlack(span.text)}*`;
    case 'italic':
      return `_${escapeSlack(span.text)}_`;
    case 'code':
      return `\`${escapeSlack(span.text)}\``;
    case 'link':
      return `<${span.url.replace(/[<>|]/g, encodeURIComponent)}|${escapeSlack(span.text).replace(/\|/g, '¦')}>`;
    case 'mention':
      return renderMention(span.userId, span.name, span.group === true);
  }
}

/** Slack people and groups become real mentions; anyone from another surface is a plain `@Name`. */
function renderMention(userId: string, name: string, group: boolean): string {
  const m = /^slack:([A-Z0-9]+)$/.exec(userId);
  if (m && group && m[1]!.startsWith('S')) return `<!subteam^${m[1]}>`;
  if (m && !group && /^[UW]/.test(m[1]!)) return `<@${m[1]}>`;
  return `@${escapeSlack(name)}`;
}
