/** The status-message template language: values, list and conditional sections, and every parse problem with its line. */
import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, type TemplateSpec } from '../../src/core/template-language.js';
import { DEFAULT_TEMPLATES, TEMPLATE_KINDS, TEMPLATE_SPECS } from '../../src/core/status-templates.js';

const SPEC: TemplateSpec = { values: ['id', 'eta', 'impact'], lists: { steps: ['icon', 'text'] } };

function render(source: string, data: Parameters<typeof renderTemplate>[1]): string {
  const { nodes, problems } = parseTemplate(source, SPEC);
  expect(problems).toEqual([]);
  return renderTemplate(nodes, data);
}

describe('rendering', () => {
  it('inserts values, repeats list sections per item and drops section lines that stand alone', () => {
    const source = 'Update {{id}}\n  {{#steps}}\n{{icon}} {{text}}\n{{/steps}}\n{{#eta}}ETA: {{eta}}{{/eta}}\nend';
    expect(render(source, { id: 'INC-1', eta: '10 min', steps: [{ icon: '✅', text: 'rolled back' }, { icon: '🔄', text: 'watching' }] })).toBe(
      'Update INC-1\n✅ rolled back\n🔄 watching\nETA: 10 min\nend',
    );
  });

  it('shows an inverted section only when the value or list is empty, and collapses the blank lines left behind', () => {
    const source = 'A\n\n{{#steps}}\n- {{text}}\n{{/steps}}\n{{^steps}}\nno steps\n{{/steps}}\n\n\n{{#eta}}\nETA {{eta}}\n{{/eta}}\n\nB';
    expect(render(source, { steps: [] })).toBe('A\n\nno steps\n\nB');
    expect(render(source, { steps: [{ text: 'x' }], eta: 'soon' })).toBe('A\n\n- x\n\nETA soon\n\nB');
  });

  it('never interprets a value as template text', () => {
    expect(render('{{impact}}', { impact: '{{id}} {{#steps}}' })).toBe('{{id}} {{#steps}}');
  });
});

describe('parse problems', () => {
  const problems = (source: string) => parseTemplate(source, SPEC).problems;

  it('names an unknown placeholder and its line, listing the known ones', () => {
    expect(problems('one\ntwo\n{{eta_}} three')).toEqual([{ line: 3, message: 'unknown placeholder {{eta_}}', hint: 'known: id, eta, impact, #steps' }]);
  });

  it('knows list item fields only inside their section', () => {
    expect(problems('{{#steps}}{{text}}{{/steps}}')).toEqual([]);
    expect(problems('{{text}}')[0]!.message).toMatch(/^unknown placeholder \{\{text\}\}/);
  });

  it('finds unbalanced sections', () => {
    expect(problems('{{#steps}}\n{{text}}')).toEqual([{ line: 1, message: '{{#steps}} is never closed with {{/steps}}' }]);
    expect(problems('x\n{{/eta}}')).toEqual([{ line: 2, message: '{{/eta}} closes a section that was never opened' }]);
    expect(problems('{{#eta}}\n{{#steps}}\n{{/eta}}\n{{/steps}}')[0]).toEqual({ line: 3, message: '{{/eta}} closes {{#steps}} opened at line 2' });
  });

  it('refuses a list used as a value, malformed names and stray braces', () => {
    expect(problems('{{steps}}')).toEqual([{ line: 1, message: '{{steps}} is a list: write {{#steps}}…{{/steps}}' }]);
    expect(problems('{{ Id }}')[0]!.message).toMatch(/^malformed placeholder \{\{ Id \}\}/);
    expect(problems('a\nb {{id')).toEqual([{ line: 2, message: 'a "{{" that does not form a placeholder' }]);
  });
});

describe('the shipped templates', () => {
  it.each(TEMPLATE_KINDS)('%s parses with no problem', (kind) => {
    expect(parseTemplate(DEFAULT_TEMPLATES[kind], TEMPLATE_SPECS[kind]).problems).toEqual([]);
  });
});
