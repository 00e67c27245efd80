/** Turns Markdown blocks into a step's text (inline markup) and copyable commands. */
import type { List, ListItem, RootContent } from 'mdast';
import { bold, escapeText } from '../core/format.js';
import type { RunbookCommand } from '../core/runbook.js';
import { toInlineMarkup, toPlainText, type Definitions } from './to-inline-markup.js';

export interface StepContent {
  /** Paragraphs separated by blank lines; list items as lines starting with "• " (or "1. "). */
  text: string;
  commands: RunbookCommand[];
}

function toCommand(lang: string | null | undefined, value: string): RunbookCommand {
  return lang ? { language: lang, code: value } : { code: value };
}

function listLines(list: List, depth: number, defs: Definitions, commands: RunbookCommand[]): string[] {
  const indent = '  '.repeat(depth);
  return list.children.flatMap((item, i) => {
    const marker = list.ordered ? `${(list.start ?? 1) + i}.` : '•';
    return itemLines(item, `${indent}${marker} `, depth, defs, commands);
  });
}

function itemLines(item: ListItem, prefix: string, depth: number, defs: Definitions, commands: RunbookCommand[]): string[] {
  const own: string[] = [];
  const nested: string[] = [];
  for (const child of item.children) {
    if (child.type === 'list') nested.push(...listLines(child, depth + 1, defs, commands));
    else own.push(...blockTexts(child, defs, commands));
  }
  return [`${prefix}${own.join(' ')}`.trimEnd(), ...nested];
}

/** The text blocks one Markdown block contributes; code blocks go to `commands` instead. */
function blockTexts(node: RootContent, defs: Definitions, commands: RunbookCommand[]): string[] {
  switch (node.type) {
    case 'paragraph': {
      const text = toInlineMarkup(node.children, defs);
      return text ? [text] : [];
    }
    case 'code':
      commands.push(toCommand(node.lang, node.value));
      return [];
    case 'list':
      return [listLines(node, 0, defs, commands).join('\n')];
    case 'heading': {
      const title = toPlainText(node).trim();
      return title ? [bold(title)] : [];
    }
    case 'blockquote':
      return node.children.flatMap((c) => blockTexts(c, defs, commands));
    case 'html':
      return node.value.trim().startsWith('<!--') ? [] : [escapeText(node.value.trim())];
    case 'thematicBreak':
    case 'definition':
      return [];
    default: {
      const text = escapeText(toPlainText(node).trim());
      return text ? [text] : [];
    }
  }
}

export function toStepContent(nodes: RootContent[], defs: Definitions): StepContent {
  const commands: RunbookCommand[] = [];
  const text = nodes.flatMap((n) => blockTexts(n, defs, commands)).join('\n\n');
  return { text, commands };
}
