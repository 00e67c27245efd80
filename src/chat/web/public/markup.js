// The inline markup of the neutral message model, parsed in the browser.
// A faithful port of `parseInline` in src/core/format.ts (test/chat/web/render.test.ts keeps them equal).

const TOKEN =
  /\\([\\*_`[\]<>])|\*\*((?:\\.|[^*\\])+?)\*\*|(?<![\w\\])_((?:\\.|[^_\\])+?)_(?!\w)|`([^`]+)`|\[((?:\\.|[^\]\\])+)\]\((https?:[^)\s]+)\)|<@([^|>]+)\|([^>]+)>/g;

function unescape(text) {
  return text.replace(/\\([\\*_`[\]<>])/g, '$1');
}

/**
 * Splits marked-up text into spans: `text`, `bold`, `italic`, `code`, `link` (with `url`) and
 * `mention` (with `userId` and `name`). Callers render spans with `textContent`, never as HTML.
 */
export function parseInline(input) {
  const text = String(input ?? '');
  const spans = [];
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
    else if (m[5] !== undefined) spans.push({ type: 'link', text: unescape(m[5]), url: m[6] });
    else if (m[7].startsWith('&')) spans.push({ type: 'mention', userId: m[7].slice(1), name: m[8], group: true });
    else spans.push({ type: 'mention', userId: m[7], name: m[8] });
  }
  plain += text.slice(last);
  flush();
  return spans;
}

/** Plain text of marked-up text (for titles, sidebar labels, notifications). */
export function plainText(text) {
  return parseInline(text)
    .map((span) => (span.type === 'mention' ? `@${span.name}` : span.text))
    .join('');
}

/** Only http(s) links are ever made clickable. */
export function isSafeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
