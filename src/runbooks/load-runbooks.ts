/** Reads `runbooks/*.md` (YAML front matter + Markdown steps) into `Runbook`s, listing every problem. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Runbook } from '../core/runbook.js';
import { parseFrontMatter } from './parse-front-matter.js';
import { markdownToText, parseSteps } from './parse-steps.js';
import type { RunbookProblem } from './runbook-problem.js';
import { splitFrontMatter } from './split-front-matter.js';

export type { RunbookProblem } from './runbook-problem.js';

const byLine = (a: RunbookProblem, b: RunbookProblem) => a.line - b.line;

function parseWithIdLine(source: string, file: string): { runbook?: Runbook; problems: RunbookProblem[]; idLine: number } {
  const split = splitFrontMatter(source);
  if (!split.ok) return { problems: [{ file, line: 1, message: split.message }], idLine: 1 };
  const { yaml, body, bodyLineOffset } = split.value;
  // YAML line n is file line n + 1 (after the opening `---`); line 0 means the `---` itself.
  const front = parseFrontMatter(yaml);
  const problems: RunbookProblem[] = front.problems.map((p) => ({ file, line: p.line + 1, message: p.message }));
  const parsed = parseSteps(body, bodyLineOffset);
  problems.push(...parsed.problems.map((p) => ({ file, ...p })));
  problems.sort(byLine);
  const idLine = front.idLine + 1;
  if (!front.data || parsed.steps.length === 0) return { problems, idLine };
  const { id, title, summary, severity, match } = front.data;
  const runbook: Runbook = {
    id,
    title: title.trim(),
    summary: summary !== undefined ? markdownToText(summary) : parsed.preamble,
    ...(severity ? { severity } : {}),
    match,
    steps: parsed.steps,
    file,
  };
  return { runbook, problems, idLine };
}

/**
 * Parses one runbook file. A runbook comes back whenever its front matter is valid and it has at
 * least one step, so the bot can still offer it; steps with problems are left out and reported.
 */
export function parseRunbook(source: string, file: string): { runbook?: Runbook; problems: RunbookProblem[] } {
  const { runbook, problems } = parseWithIdLine(source, file);
  return runbook ? { runbook, problems } : { problems };
}

/**
 * Loads every `*.md` in `dir` except README.md, in file-name order. When two files share an id,
 * the first one (by name) is kept and the other is reported.
 */
export async function loadRunbooks(dir: string): Promise<{ runbooks: Runbook[]; problems: RunbookProblem[] }> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md') && e.name.toLowerCase() !== 'readme.md')
      .map((e) => e.name)
      .sort();
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    return { runbooks: [], problems: [{ file: dir, line: 0, message: `cannot read the runbooks folder (${reason})` }] };
  }
  const runbooks: Runbook[] = [];
  const problems: RunbookProblem[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const result = parseWithIdLine(await readFile(file, 'utf8'), file);
    problems.push(...result.problems);
    if (!result.runbook) continue;
    const first = runbooks.find((r) => r.id === result.runbook!.id);
    if (first) {
      problems.push({ file, line: result.idLine, message: `duplicate id "${first.id}": also used by ${first.file}` });
      continue;
    }
    runbooks.push(result.runbook);
  }
  return { runbooks, problems };
}
