/** `firebreak runbooks check [dir]`: one `file:line: message` per problem, or "N runbooks OK". */
import { loadRunbooks, type RunbookProblem } from './load-runbooks.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatProblem(p: RunbookProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}

export async function checkRunbooks(dir: string): Promise<{ ok: boolean; report: string; count: number }> {
  const { runbooks, problems } = await loadRunbooks(dir);
  const count = runbooks.length;
  if (problems.length === 0 && count === 0) {
    return { ok: false, report: `${dir}: no runbooks found (expected *.md files with front matter)`, count };
  }
  if (problems.length === 0) return { ok: true, report: `${plural(count, 'runbook')} OK`, count };
  const lines = problems.map(formatProblem);
  lines.push(`${plural(problems.length, 'problem')}; ${plural(count, 'runbook')} loaded`);
  return { ok: false, report: lines.join('\n'), count };
}
