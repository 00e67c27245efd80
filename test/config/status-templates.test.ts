/** Status-message templates in the YAML policy: overrides replace the defaults; every template error stops the start-up, with its path. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { renderTemplate } from '../../src/core/template-language.js';
import { cannotStartText, startupProblems } from '../../src/startup-problems.js';

function problemsOf(text: string): string[] {
  try {
    loadConfig({}, { path: 'policy.yaml', text });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const yaml = (kind: string, template: string) => `updates:\n  templates:\n    ${kind}: |\n${template.split('\n').map((l) => `      ${l}`).join('\n')}\n`;

describe('updates.templates in the policy', () => {
  it('replaces only the template it names, and keeps the affected users of a severity', () => {
    const config = loadConfig({}, { path: 'policy.yaml', text: `${yaml('update', 'UPDATE {{id}}: {{current}} (next {{next_update}})')}severities:\n  SEV3:\n    affectedUsers: Some shoppers\n` });
    const { templates } = config.policy.updates;
    expect(renderTemplate(templates.update.nodes, { id: 'INC-9', current: 'rolled back', next_update: '11:00 UTC' })).toBe('UPDATE INC-9: rolled back (next 11:00 UTC)');
    expect(renderTemplate(templates.initial.nodes, { id: 'INC-9', severity: 'SEV2', title: 'T' })).toMatch(/^🚨 \*\*SEV2 · INC-9 · T\*\*/);
    expect(config.policy.severities.map((s) => s.affectedUsers)).toEqual(['All users', 'More than half of users', 'Some shoppers', 'No users yet']);
  });

  it('reports an unknown placeholder with the file, the key and the line of the template', () => {
    expect(problemsOf(yaml('update', '**Status:** {{status}}\n**Current:** {{current}}\n**ETA:** {{eta_}}'))).toEqual([
      expect.stringMatching(/^policy\.yaml: updates\.templates\.update: unknown placeholder \{\{eta_\}\} at line 3 \(known: .*\beta\b.*\)$/),
    ]);
  });

  it('reports an unbalanced section in each kind of template, all at once', () => {
    const text = `updates:\n  templates:\n    initial: "{{#impact}}{{impact}}"\n    update: "{{#progress}}{{text}}{{/done}}"\n    resolution: "x\\n{{/followups}}"\n`;
    expect(problemsOf(text)).toEqual([
      'policy.yaml: updates.templates.initial: {{#impact}} is never closed with {{/impact}} at line 1',
      'policy.yaml: updates.templates.update: {{/done}} closes {{#progress}} opened at line 1 at line 1',
      'policy.yaml: updates.templates.update: {{#progress}} is never closed with {{/progress}} at line 1',
      'policy.yaml: updates.templates.resolution: {{/followups}} closes a section that was never opened at line 2',
    ]);
  });

  it('reports placeholders of another template and lists used as values', () => {
    expect(problemsOf(yaml('initial', '{{root_cause}}'))[0]).toMatch(/^policy\.yaml: updates\.templates\.initial: unknown placeholder \{\{root_cause\}\} at line 1/);
    expect(problemsOf(yaml('resolution', 'Follow-ups: {{followups}}'))).toEqual([
      'policy.yaml: updates.templates.resolution: {{followups}} is a list: write {{#followups}}…{{/followups}} at line 1',
    ]);
  });

  it('reports a bad YAML type, an empty template and an unknown template name by path', () => {
    const problems = problemsOf('updates:\n  templates:\n    update: 42\n    initial: ""\n    closing: "x"\n');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^policy\.yaml: updates\.templates\.update: .*string/i),
        'policy.yaml: updates.templates.initial: a template cannot be empty',
        expect.stringMatching(/^policy\.yaml: updates\.templates: .*closing/),
      ]),
    );
    expect(problemsOf('updates:\n  templates: [a, b]\n')).toEqual([expect.stringMatching(/^policy\.yaml: updates\.templates: /)]);
  });

  it('is told through the start-up error path, with every other problem', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty' }, { path: 'policy.yaml', text: yaml('update', 'ok\n{{#eta}}') });
    } catch (err) {
      error = err;
    }
    const text = cannotStartText(startupProblems(error));
    expect(text).toContain('Firebreak cannot start; fix the configuration:');
    expect(text).toContain('  - PORT: expected a port');
    expect(text).toContain('  - policy.yaml: updates.templates.update: {{#eta}} is never closed with {{/eta}} at line 2');
  });

  it('loads the policy example of the README, whose update template renders as it says', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /The policy file; everything is optional:\n\n```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const { templates } = loadConfig({}, { path: 'README.md', text: example }).policy.updates;
    const progress = [{ icon: '✅', text: 'Rolled back' }];
    expect(renderTemplate(templates.update.nodes, { severity: 'SEV2', id: 'INC-1', title: 'T', status: 'Monitoring', progress, next_update: '11:12 UTC' })).toBe(
      '🔄 **SEV2 · INC-1 · T** (Monitoring)\n✅ Rolled back\nNext update: 11:12 UTC',
    );
  });
});
