/** Splits a runbook's Markdown body into steps (`##`) and, for resolve steps, options (`###`). */
import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { STEP_KINDS, type RunbookOption, type RunbookStep, type StepKind } from '../core/runbook.js';
import { definitionKey, toPlainText, type Definitions } from './to-inline-markup.js';
import { toStepContent } from './to-step-content.js';

export interface ParsedBody {
  /** Text before the first `##` (after an optional `#` title), as inline markup. */
  preamble: string;
  steps: RunbookStep[];
  /** Lines are file lines (the body offset already added). */
  problems: { line: number; message: string }[];
  /** How many `##` sections there were, valid or not. */
  sectionCount: number;
}

interface Section {
  heading: Heading;
  nodes: RootContent[];
}

const KIND_NAMES = STEP_KINDS.map((k) => k[0]!.toUpperCase() + k.slice(1));

function collectDefinitions(node: Nodes, defs: Definitions): Definitions {
  if (node.type === 'definition') defs.set(definitionKey(node.label ?? node.identifier), node);
  if ('children' in node) for (const child of node.children) collectDefinitions(child, defs);
  return defs;
}

/** Splits `nodes` at headings of `depth`: what comes before the first one, then each section. */
function splitAt(nodes: RootContent[], depth: number): { before: RootContent[]; sections: Section[] } {
  const before: RootContent[] = [];
  const sections: Section[] = [];
  for (const node of nodes) {
    if (node.type === 'heading' && node.depth === depth) sections.push({ heading: node, nodes: [] });
    else if (sections.length > 0) sections[sections.length - 1]!.nodes.push(node);
    else before.push(node);
  }
  return { before, sections };
}

/** `Diagnose: Check the LB` → diagnose / "Check the LB"; `Verify recovery` → verify / "Verify recovery". */
function parseHeading(heading: string): { kind?: StepKind; word: string; title: string } {
  const colon = /^([^:]+):\s*(.*)$/s.exec(heading);
  const word = (colon ? colon[1]! : heading.split(/\s+/)[0]!).trim();
  const kind = STEP_KINDS.find((k) => k === word.toLowerCase());
  const title = colon ? colon[2]!.trim() : heading === word ? '' : heading;
  return { kind, word, title: title || (kind ? KIND_NAMES[STEP_KINDS.indexOf(kind)]! : '') };
}

export function parseSteps(body: string, lineOffset: number): ParsedBody {
  const root: Root = fromMarkdown(body);
  const defs = collectDefinitions(root, new Map());
  const lineOf = (node: Nodes) => (node.position?.start.line ?? 1) + lineOffset;
  const problems: ParsedBody['problems'] = [];
  const { before, sections } = splitAt(root.children, 2);
  const preambleNodes = before.filter((n, i) => !(i === 0 && n.type === 'heading' && n.depth === 1));
  const steps: RunbookStep[] = [];

  for (const { heading, nodes } of sections) {
    const { kind, word, title } = parseHeading(toPlainText(heading).trim());
    if (!kind) {
      problems.push({
        line: lineOf(heading),
        message: `unknown step kind "${word}" (start the heading with ${KIND_NAMES.join(', ')}, e.g. "## Diagnose: Check the load balancer")`,
      });
      continue;
    }
    const split = kind === 'resolve' ? splitAt(nodes, 3) : { before: nodes, sections: [] };
    const options: RunbookOption[] = split.sections.map((option) => {
      const optionTitle = toPlainText(option.heading).trim();
      const content = toStepContent(option.nodes, defs);
      if (!content.text) {
        problems.push({ line: lineOf(option.heading), message: `option "${optionTitle}" has no text: say when to choose it and what it does` });
      }
      return { title: optionTitle, ...content };
    });
    const content = toStepContent(split.before, defs);
    if (!content.text && content.commands.length === 0 && options.length === 0) {
      problems.push({ line: lineOf(heading), message: `step "${title}" is empty` });
      continue;
    }
    steps.push({ index: steps.length, kind, title, ...content, options });
  }

  if (sections.length === 0) {
    problems.push({ line: lineOffset + 1, message: 'no steps: add sections like "## Diagnose: Check the load balancer"' });
  }
  return { preamble: toStepContent(preambleNodes, defs).text, steps, problems, sectionCount: sections.length };
}

/** Front-matter text written in Markdown, as inline markup. */
export function markdownToText(markdown: string): string {
  const root = fromMarkdown(markdown);
  return toStepContent(root.children, collectDefinitions(root, new Map())).text;
}
