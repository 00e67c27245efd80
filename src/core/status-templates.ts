/**
 * The three status messages stakeholders get — initial notification, update, resolution — as
 * templates: the defaults, shaped like a SEV runbook's, and the placeholders each may use. The
 * policy file can replace any of them (`updates.templates.*`); they are parsed once at start-up.
 */
import { parseTemplate, type TemplateNode, type TemplateProblem, type TemplateSpec } from './template-language.js';

export const TEMPLATE_KINDS = ['initial', 'update', 'resolution'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const COMMON = ['id', 'title', 'severity', 'status', 'commander', 'link', 'impact', 'affected_users', 'detected_at'] as const;

export const TEMPLATE_SPECS: Record<TemplateKind, TemplateSpec> = {
  initial: { values: [...COMMON, 'declared_by', 'investigating', 'next_update'], lists: {} },
  update: {
    values: [...COMMON, 'current', 'eta', 'next_update', 'author', 'posted_at'],
    lists: { progress: ['icon', 'text', 'done'], done: ['text'], next: ['text'] },
  },
  resolution: {
    values: [...COMMON, 'resolved_at', 'resolved_by', 'duration', 'root_cause', 'summary'],
    lists: { resolution: ['text'], followups: ['box', 'number', 'text', 'owner', 'due', 'done'] },
  },
};

export const DEFAULT_TEMPLATES: Record<TemplateKind, string> = {
  initial: `🚨 **{{severity}} · {{id}} · {{title}}**
**Severity:** {{severity}}
**Detected at:** {{detected_at}}
**Impact:** {{impact}}
**Affected users:** {{affected_users}}
**Investigating:** {{investigating}}
**Status:** {{status}}
**Next update:** {{next_update}}`,

  update: `🔄 **Update · {{id}} · {{title}}**
**Severity:** {{severity}} · **Status:** {{status}}
**User impact:** {{impact}}

{{#progress}}
{{icon}} {{text}}
{{/progress}}

{{#current}}
**Current status:** {{current}}
{{/current}}
{{#eta}}
**ETA:** {{eta}}
{{/eta}}
**Next update:** {{next_update}}`,

  resolution: `✅ **Resolved · {{id}} · {{title}}**
**Severity:** {{severity}}
**Detected:** {{detected_at}}
**Resolved:** {{resolved_at}}
**Duration:** {{duration}}
**Root cause:** {{root_cause}}

**Resolution:**
{{#resolution}}
• {{text}}
{{/resolution}}
{{^resolution}}
• See the timeline.
{{/resolution}}

**Impact:** {{impact}} ({{affected_users}})

**Follow-ups:**
{{#followups}}
{{box}} #{{number}} {{text}}{{#owner}} — {{owner}}{{/owner}}{{#due}}, due {{due}}{{/due}}
{{/followups}}
{{^followups}}
None yet: add them with \`/incident followup <text>\`.
{{/followups}}`,
};

/** A parsed template, ready to render. */
export interface StatusTemplate {
  kind: TemplateKind;
  nodes: TemplateNode[];
}

export type StatusTemplates = Record<TemplateKind, StatusTemplate>;

/** Parses one template; problems name their line. */
export function compileTemplate(kind: TemplateKind, source: string): { template: StatusTemplate; problems: TemplateProblem[] } {
  const { nodes, problems } = parseTemplate(source, TEMPLATE_SPECS[kind]);
  return { template: { kind, nodes }, problems };
}

/** The defaults, with any override in their place. Problems are `updates.templates.<kind>: … at line n`. */
export function compileTemplates(overrides: Partial<Record<TemplateKind, string>> = {}): { templates: StatusTemplates; problems: string[] } {
  const problems: string[] = [];
  const compiled = TEMPLATE_KINDS.map((kind) => {
    const { template, problems: found } = compileTemplate(kind, overrides[kind] ?? DEFAULT_TEMPLATES[kind]);
    problems.push(...found.map((p) => `updates.templates.${kind}: ${p.message} at line ${p.line}${p.hint ? ` (${p.hint})` : ''}`));
    return [kind, template] as const;
  });
  return { templates: Object.fromEntries(compiled) as StatusTemplates, problems };
}
