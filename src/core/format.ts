/** The inline markup of the neutral message model: escaping on the way in, spans on the way out. */

export type Span =
  | { type: 'text'; text: string }
  | { type: 'bold'; text: string }
  | { type: 'italic'; text: string }
  | { type: 'code'; text: string }
  | { type: 'link'; text: string; url: string }
  /** A person (`slack:U123`) or, with `group`, a user group or role (`slack:S123`, `discord:role-id`). */
  | { type: 'mention'; userId: string; name: string; group?: boolean };

const SPECIAL = /[\\*_`[\]<>]/g;

/** Makes user or alert text literal: no markup, no mentions, no links it did not ask for. */
export function escapeText(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}

export function bold(text: string): string {
  return `**${escapeText(text)}**`;
}

export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function link(label: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return escapeText(label);
  return `[${escapeText(label)}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}

/** A user reference such as `slack:U123` with a display name. */
export function mention(userId: string, name: string): string {
  return `<@${userId.replace(/[|>&]/g, '')}|${name.replace(/[|>\\]/g, '')}>`;
}

/** A user group or role such as `slack:S123` (Slack `<!subteam^S123>`) or `discord:812…` (a role), with its name. */
export function groupMention(groupId: string, name: string): string {
  return `<@&${groupId.replace(/[|>&]/g, '')}|${name.replace(/[|>\\]/g, '')}>`;
}

const TOKEN =
  /\\([\\*_`[\]<>])|\*\*((?:\\.|[^*\\])+?)\*\*|(?<![\w\\])_((?:\\.|[^_\\])+?)_(?!\w)|`([^`]+)`|\[((?:\\.|[^\]\\])+)\]\((https?:[^)\s]+)\)|<@([^|>]+)\|([^>]+)>/g;

function unescape(text: string): string {
  return text.replace(/\\([\\*_`[\]<>])/g, '$1');
}

/** Splits marked-up text into spans an adapter can render safely. */
export function parseInline(text: string): Span[] {
  const spans: Span[] = [];
  let plain = '';
  let last = 0;
  const flush = () => {
    if (plain) spans.push({ type: 'text', text: plain });
    plain = '';
  };
  for (const m of text.matchAll(TOKEN)) {
    plain += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      plain += m[1];
      continue;
    }
    flush();
    if (m[2] !== undefined) spans.push({ type: 'bold', text: unescape(m[2]) });
    else if (m[3] !== undefined) spans.push({ type: 'italic', text: unescape(m[3]) });
    else if (m[4] !== undefined) spans.push({ type: 'code', text: m[4] });
    else if (m[5] !== undefined) spans.push({ type: 'link', text: unescape(m[5]), url: m[6]! });
    else if (m[7]!.startsWith('&')) spans.push({ type: 'mention', userId: m[7]!.slice(1), name: m[8]!, group: true });
    else spans.push({ type: 'mention', userId: m[7]!, name: m[8]! });
  }
  plain += text.slice(last);
  flush();
  return spans;
}
