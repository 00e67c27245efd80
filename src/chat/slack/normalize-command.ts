/**
 * Slack's escaped command text as the core reads it: `<@U1>` and `<@U1|name>` become `<@U1|Display Name>`
 * (what `parsePersonRef` takes), `<!subteam^S1|@sre>` becomes `@sre`, `<#C1|name>` becomes `#name`,
 * links their URL, and Slack's `&amp;` `&lt;` `&gt;` plain characters again.
 */
import type { UserDirectory } from './user-directory.js';

const TOKEN = /<([@#!])([^|>]*)(?:\|([^>]*))?>|<(https?:[^|>]+)(?:\|[^>]*)?>/g;

export async function normalizeCommandText(text: string, users: UserDirectory): Promise<string> {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += decode(text.slice(last, m.index));
    last = m.index + m[0].length;
    out += await normalizeToken(m, users);
  }
  return (out + decode(text.slice(last))).trim();
}

async function normalizeToken(m: RegExpMatchArray, users: UserDirectory): Promise<string> {
  const [, sigil, id = '', label] = m;
  if (m[4]) return m[4];
  if (sigil === '@' && /^[UW][A-Z0-9]+$/.test(id)) {
    const name = await users.nameOf(id, label);
    return `<@${id}|${name.replace(/[|>\\]/g, '')}>`;
  }
  if (sigil === '#') return `#${label || id}`;
  if (sigil === '!' && id.startsWith('subteam^')) return `@${(label || id.slice('subteam^'.length)).replace(/^@/, '')}`;
  // `<!here>`, `<!channel>`: not an argument the core understands; kept readable, never re-sent as a mention.
  return `@${label || id}`;
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
