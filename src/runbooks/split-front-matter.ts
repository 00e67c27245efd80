/** Separates the YAML front matter (between `---` lines) from the Markdown body. */

export interface SplitSource {
  /** The YAML text; its line 1 is line 2 of the file. */
  yaml: string;
  body: string;
  /** Add to a body line number (1-based) to get the file line. */
  bodyLineOffset: number;
}

export type SplitResult = { ok: true; value: SplitSource } | { ok: false; message: string };

export function splitFrontMatter(source: string): SplitResult {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') {
    return { ok: false, message: 'missing front matter: the file must start with a "---" line, then id, title and match' };
  }
  const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close === -1) {
    return { ok: false, message: 'front matter is not closed: add a "---" line after it' };
  }
  return {
    ok: true,
    value: {
      yaml: lines.slice(1, close).join('\n'),
      body: lines.slice(close + 1).join('\n'),
      bodyLineOffset: close + 1,
    },
  };
}
