/**
 * The rows every bench reports: figure, target, result, ratio (to the bare node:http baseline where
 * one applies) and the command that reruns that line alone. A bench run alone prints its rows as a
 * Markdown table; under `npm run bench` (FIREBREAK_BENCH_REPORT names a file) it also appends them
 * there as JSON lines, and bench/run-all.ts prints every bench's rows as one table.
 */
import { appendFileSync } from 'node:fs';

export interface BenchRow {
  figure: string;
  target: string;
  result: string;
  /** Result ÷ baseline, where a baseline was measured in the same run. */
  ratio?: string;
  command: string;
}

export function toMarkdown(rows: readonly BenchRow[]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    '| figure | target | result | ratio | command |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.figure)} | ${cell(r.target)} | ${cell(r.result)} | ${r.ratio ?? '–'} | \`${r.command}\` |`),
  ].join('\n');
}

export function reportRows(rows: readonly BenchRow[]): void {
  console.log(`\n${toMarkdown(rows)}\n`);
  const file = process.env.FIREBREAK_BENCH_REPORT;
  if (file) appendFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** "≤ 50 ms: 12 ms" style verdicts stay out of the table: the target column says the bound, the result the figure. */
export const ms = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : `${fmt(n, digits)} ms`);

export const progress = (text: string) => process.stderr.write(`[bench] ${text}\n`);
