/** Validates a runbook's YAML front matter and points each problem at its line. */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ALERT_SOURCES } from '../core/alert.js';
import { matcherError } from '../core/label-matcher.js';

export const RUNBOOK_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;

const required = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'is required' : `must be ${what}`;

/** Numbers and booleans in YAML (`code: 500`) are compared as text. */
const matcher = z.preprocess(
  (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
  z.string({ error: required('text') }).superRefine((value, ctx) => {
    const error = matcherError(value);
    if (error) ctx.addIssue({ code: 'custom', message: `invalid regular expression ${value}: ${error}` });
  }),
);

const matchEntry = z
  .strictObject({
    source: z
      .enum(ALERT_SOURCES, { error: (iss) => `unknown source ${JSON.stringify(iss.input)} (use ${ALERT_SOURCES.join(', ')})` })
      .optional(),
    alertname: matcher.optional(),
    labels: z.record(z.string(), matcher, { error: 'must be a mapping of label: value' }).optional(),
  }, { error: 'must be a mapping with source, alertname or labels' })
  .refine((m) => m.source !== undefined || m.alertname !== undefined || Object.keys(m.labels ?? {}).length > 0, {
    message: 'needs source, alertname or labels (an empty entry would match every alert)',
  });

export const frontMatterSchema = z.strictObject({
  id: z
    .string({ error: required('text') })
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case, like "db-pool-exhausted"'),
  title: z.string({ error: required('text') }).trim().min(1, 'must not be empty'),
  summary: z.string({ error: required('text') }).optional(),
  severity: z
    .enum(RUNBOOK_SEVERITIES, { error: (iss) => `unknown severity ${JSON.stringify(iss.input)} (use SEV1, SEV2, SEV3 or SEV4)` })
    .optional(),
  match: z.array(matchEntry, {
    error: (iss) => `${iss.input === undefined ? 'is required' : 'must be a list'} (use [] to attach by hand only)`,
  }),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export interface FrontMatterResult {
  data?: FrontMatter;
  /** `line` is relative to the YAML text (1 = first line after the opening `---`; 0 = that `---`). */
  problems: { line: number; message: string }[];
  idLine: number;
}

type Path = (string | number)[];

function lineOf(doc: Document, counter: LineCounter, path: Path, key?: string): number {
  if (key !== undefined) {
    const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isNode(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
    }
  }
  for (let p = path; p.length > 0; p = p.slice(0, -1)) {
    const node: unknown = doc.getIn(p, true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return 0;
}

const label = (path: Path) =>
  path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

export function parseFrontMatter(yaml: string): FrontMatterResult {
  const counter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    // Later errors usually cascade from the first; one clear message is more useful.
    const message = yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { problems: [{ line: yamlError.linePos?.[0].line ?? 0, message: `front matter is not valid YAML: ${message}` }], idLine: 0 };
  }
  const data: unknown = doc.toJS();
  const idLine = lineOf(doc, counter, ['id']);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { problems: [{ line: 0, message: 'front matter must be a YAML mapping with id, title and match' }], idLine };
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (parsed.success) return { data: parsed.data, problems: [], idLine };
  const problems = parsed.error.issues.flatMap((issue) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        line: lineOf(doc, counter, path, key),
        message: `unknown field "${label([...path, key])}"`,
      }));
    }
    return [{ line: lineOf(doc, counter, path), message: `${label(path) || 'front matter'}: ${issue.message}` }];
  });
  return { problems, idLine };
}
