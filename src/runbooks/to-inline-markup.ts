/** Turns Markdown (mdast) phrasing content into the inline markup of core/format.ts. */
import type { Definition, Nodes, PhrasingContent } from 'mdast';
import { bold, code, escapeText, link } from '../core/format.js';

/** Link reference definitions of the document, by normalised label. */
export type Definitions = Map<string, Definition>;

export const definitionKey = (label: string): string => label.trim().replace(/\s+/g, ' ').toLowerCase();

/** The text a reader sees, without any markup. */
export function toPlainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') {
    return node.type === 'html' ? '' : node.value;
  }
  if (node.type === 'image' || node.type === 'imageReference') return node.alt ?? '';
  if (node.type === 'break') return ' ';
  if ('children' in node) return node.children.map((c) => toPlainText(c)).join('');
  return '';
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

function toSpan(node: PhrasingContent, defs: Definitions): string {
  switch (node.type) {
    case 'text':
      return escapeText(oneLine(node.value));
    case 'inlineCode':
      return code(node.value);
    case 'strong':
      return bold(oneLine(toPlainText(node)));
    case 'emphasis': {
      const plain = oneLine(toPlainText(node));
      return plain ? `_${escapeText(plain)}_` : '';
    }
    case 'link':
      return link(oneLine(toPlainText(node)) || node.url, node.url);
    case 'linkReference': {
      const label = oneLine(toPlainText(node));
      const def = defs.get(definitionKey(node.label ?? node.identifier));
      return def ? link(label || def.url, def.url) : escapeText(label);
    }
    case 'image':
      return node.alt ? link(node.alt, node.url) : link(node.url, node.url);
    case 'break':
      return '\n';
    case 'html':
      // Inline HTML such as `<namespace>` in prose is shown literally; comments are authors' notes.
      return node.value.startsWith('<!--') ? '' : escapeText(node.value);
    default:
      return escapeText(oneLine(toPlainText(node)));
  }
}

export function toInlineMarkup(nodes: PhrasingContent[], defs: Definitions): string {
  return nodes
    .map((n) => toSpan(n, defs))
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
