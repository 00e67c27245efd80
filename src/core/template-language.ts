/**
 * The small template language of status messages, safe to take from a policy file: nothing in it
 * runs code. `{{name}}` inserts a value; `{{#name}}…{{/name}}` repeats its body for each item of
 * a list (whose fields are then in scope) or shows it once when a value is set; `{{^name}}…{{/name}}`
 * shows its body when the value is empty. A section tag alone on its line takes the line with it.
 * Every name is checked against a spec when the template is parsed — at start-up, not mid-incident.
 */

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'value'; name: string }
  | { type: 'section'; name: string; inverted: boolean; children: TemplateNode[] };

/** The names a template may use: single values, and lists with the fields of their items. */
export interface TemplateSpec {
  values: readonly string[];
  lists: Readonly<Record<string, readonly string[]>>;
}

export interface TemplateProblem {
  /** 1-based line of the template text. */
  line: number;
  message: string;
  /** What would be right instead (the known names). */
  hint?: string;
}

/** Values are inline markup (see `format.ts`): whoever fills them escapes what users or alerts wrote. */
export type TemplateItem = Readonly<Record<string, string | boolean | undefined>>;
export type TemplateData = Readonly<Record<string, string | boolean | undefined | readonly TemplateItem[]>>;

const TAG = /\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-z][a-z0-9_]*$/;

interface Frame {
  name: string;
  line: number;
  node: Extract<TemplateNode, { type: 'section' }>;
  /** Fields of the list being iterated, when the section is a list. */
  fields?: readonly string[];
}

export function parseTemplate(source: string, spec: TemplateSpec): { nodes: TemplateNode[]; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const root: TemplateNode[] = [];
  const stack: Frame[] = [];
  const children = () => stack.at(-1)?.node.children ?? root;
  const lineAt = (index: number) => source.slice(0, index).split('\n').length;
  const addText = (text: string, at: number) => {
    const stray = text.indexOf('{{');
    if (stray >= 0) problems.push({ line: lineAt(at + stray), message: 'a "{{" that does not form a placeholder' });
    if (text) children().push({ type: 'text', text });
  };
  const known = (name: string): 'value' | 'list' | undefined => {
    for (const frame of stack) if (frame.fields?.includes(name)) return 'value';
    if (spec.values.includes(name)) return 'value';
    return name in spec.lists ? 'list' : undefined;
  };

  let last = 0;
  for (const m of source.matchAll(TAG)) {
    const sigil = m[1]!;
    const name = m[2]!;
    let start = m.index;
    let end = start + m[0].length;
    if (sigil) [start, end] = standalone(source, start, end, last);
    addText(source.slice(last, start), last);
    last = end;
    const line = lineAt(m.index);
    if (!NAME.test(name)) {
      problems.push({ line, message: `malformed placeholder ${m[0]}: names are lower-case letters, digits and _` });
      continue;
    }
    if (sigil === '/') {
      const open = stack.at(-1);
      if (!open) problems.push({ line, message: `{{/${name}}} closes a section that was never opened` });
      else if (open.name !== name) problems.push({ line, message: `{{/${name}}} closes {{#${open.name}}} opened at line ${open.line}` });
      else stack.pop();
      continue;
    }
    const kind = known(name);
    if (!kind) {
      problems.push({ line, message: `unknown placeholder ${m[0]}`, hint: `known: ${knownNames(spec, stack)}` });
      continue;
    }
    if (!sigil) {
      if (kind === 'list') problems.push({ line, message: `{{${name}}} is a list: write {{#${name}}}…{{/${name}}}` });
      else children().push({ type: 'value', name });
      continue;
    }
    const node = { type: 'section' as const, name, inverted: sigil === '^', children: [] };
    children().push(node);
    stack.push({ name, line, node, fields: kind === 'list' && sigil === '#' ? spec.lists[name] : undefined });
  }
  addText(source.slice(last), last);
  for (const open of stack.reverse()) problems.push({ line: open.line, message: `{{#${open.name}}} is never closed with {{/${open.name}}}` });
  return { nodes: root, problems };
}

/** A section tag alone on its line: widen [start, end) over the line's indentation and its newline. */
function standalone(source: string, start: number, end: number, floor: number): [number, number] {
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  if (lineStart < floor || source.slice(lineStart, start).trim()) return [start, end];
  const newline = source.indexOf('\n', end);
  const lineEnd = newline < 0 ? source.length : newline;
  if (source.slice(end, lineEnd).trim()) return [start, end];
  return [lineStart, newline < 0 ? lineEnd : newline + 1];
}

function knownNames(spec: TemplateSpec, stack: Frame[]): string {
  const inner = stack.flatMap((f) => f.fields ?? []);
  return [...inner, ...spec.values, ...Object.keys(spec.lists).map((l) => `#${l}`)].join(', ');
}

export function renderTemplate(nodes: readonly TemplateNode[], data: TemplateData): string {
  return renderNodes(nodes, [data])
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function renderNodes(nodes: readonly TemplateNode[], scopes: readonly TemplateData[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'value') {
      const value = lookup(scopes, node.name);
      if (typeof value === 'string') out += value;
    } else {
      const value = lookup(scopes, node.name);
      const set = Array.isArray(value) ? value.length > 0 : Boolean(value);
      if (node.inverted) {
        if (!set) out += renderNodes(node.children, scopes);
      } else if (Array.isArray(value)) {
        for (const item of value as readonly TemplateItem[]) out += renderNodes(node.children, [item, ...scopes]);
      } else if (set) out += renderNodes(node.children, scopes);
    }
  }
  return out;
}

function lookup(scopes: readonly TemplateData[], name: string): TemplateData[string] {
  for (const scope of scopes) if (Object.hasOwn(scope, name)) return scope[name];
  return undefined;
}
