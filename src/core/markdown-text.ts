/**
 * User and alert text made safe for a Markdown artifact: control characters (NUL, terminal
 * escapes) stripped, Markdown and HTML syntax escaped so `<script>`, `<img onerror>` and
 * `[x](javascript:…)` arrive as text, and one line so it cannot break a table or a list.
 */

// CSI and OSC terminal sequences first, then any other C0/C1 control character (and DEL).
const TERMINAL_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function stripControl(text: string): string {
  return text.replace(TERMINAL_SEQUENCE, '').replace(CONTROL, '');
}

export function mdText(text: string): string {
  return stripControl(text)
    .replace(/\r?\n|\t/g, ' ')
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+-]|\d+\.)/, '$1\\$2')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A link target kept only when it is http(s): `javascript:` and `data:` URLs are dropped. */
export function safeUrl(url: string): string | undefined {
  const clean = stripControl(url).trim();
  if (!/^https?:\/\//i.test(clean)) return undefined;
  return clean.replace(/[\s<>()[\]]/g, encodeURIComponent);
}
