import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbooks/load-runbooks.js';

const lines = (...l: string[]) => l.join('\n');
const STEP = ['## Verify: It works', 'Check the dashboard.'];

/** The problems of one file as `line: message`, to assert on both at once. */
function problemsOf(source: string): string[] {
  return parseRunbook(source, 'runbooks/x.md').problems.map((p) => {
    expect(p.file).toBe('runbooks/x.md');
    return `${p.line}: ${p.message}`;
  });
}

describe('runbook problems', () => {
  it('missing front matter, at line 1', () => {
    expect(problemsOf(lines('# Title', ...STEP))).toEqual([expect.stringMatching(/^1: missing front matter/)]);
  });

  it('unclosed front matter, at line 1', () => {
    expect(problemsOf(lines('---', 'id: x', 'title: X', ...STEP))).toEqual([expect.stringMatching(/^1: front matter is not closed/)]);
  });

  it('YAML syntax errors, at the line of the error', () => {
    const source = lines('---', 'id: x', 'title: X', 'match: [', '  - a', '---', ...STEP);

    expect(problemsOf(source)).toEqual([expect.stringMatching(/^5: front matter is not valid YAML: /)]);
  });

  it('missing fields at the opening line, invalid ones at their own line, unknown fields at the key', () => {
    const source = lines('---', 'id: Not_Kebab', 'severty: SEV2', '---', ...STEP);

    expect(problemsOf(source)).toEqual([
      '1: title: is required',
      '1: match: is required (use [] to attach by hand only)',
      '2: id: must be kebab-case, like "db-pool-exhausted"',
      '3: unknown field "severty"',
    ]);
  });

  it('an unknown severity, at its line', () => {
    const source = lines('---', 'id: x', 'title: X', 'severity: SEV5', 'match: []', '---', ...STEP);

    expect(problemsOf(source)).toEqual(['4: severity: unknown severity "SEV5" (use SEV1, SEV2, SEV3 or SEV4)']);
  });

  it('an invalid regex in a label matcher, at its line', () => {
    const source = lines(
      '---', 'id: x', 'title: X', 'match:', '  - alertname: Ok', '    labels:', '      service: /api-(/', '---', ...STEP,
    );

    expect(problemsOf(source)).toEqual(['7: match[0].labels.service: invalid regular expression /api-(/: Unterminated group']);
  });

  it('an unknown source and an empty match entry, at their lines', () => {
    const source = lines('---', 'id: x', 'title: X', 'match:', '  - source: nagios', '  - {}', '---', ...STEP);

    expect(problemsOf(source)).toEqual([
      expect.stringMatching(/^5: match\[0\]\.source: unknown source "nagios"/),
      expect.stringMatching(/^6: match\[1\]: needs source, alertname or labels/),
    ]);
  });

  it('no steps, at the first body line', () => {
    const source = lines('---', 'id: x', 'title: X', 'match: []', '---', 'Just some text.');
    const result = parseRunbook(source, 'runbooks/x.md');

    expect(result.runbook).toBeUndefined();
    expect(problemsOf(source)).toEqual([expect.stringMatching(/^6: no steps/)]);
  });

  it('a ## heading with an unknown kind, at the heading (body lines offset by the front matter)', () => {
    const source = lines('---', 'id: x', 'title: X', 'match: []', '---', '', '## Fix: Restart it', 'Restart.', ...STEP);
    const result = parseRunbook(source, 'runbooks/x.md');

    expect(problemsOf(source)).toEqual([expect.stringMatching(/^7: unknown step kind "Fix"/)]);
    expect(result.runbook!.steps.map((s) => s.kind)).toEqual(['verify']);
  });

  it('an empty step, at its heading', () => {
    const source = lines('---', 'id: x', 'title: X', 'match: []', '---', '## Diagnose: Nothing here', '', ...STEP);

    expect(problemsOf(source)).toEqual(['6: step "Nothing here" is empty']);
  });

  it('an option with no text, at its ### heading; one option alone is fine', () => {
    const source = lines(
      '---', 'id: x', 'title: X', 'match: []', '---',
      '## Resolve: Fix it',
      '### Roll back',
      '```sh',
      'kubectl rollout undo deploy/web',
      '```',
      '## Resolve: Another',
      '### Only option',
      'Do this.',
    );

    expect(problemsOf(source)).toEqual([
      '7: option "Roll back" has no text: say when to choose it and what it does',
    ]);
  });

  it('counts lines correctly with CRLF line endings', () => {
    const source = lines('---', 'id: x', 'title: X', 'match: []', '---', '## Nope: x', 'y', ...STEP).replace(/\n/g, '\r\n');

    expect(problemsOf(source)).toEqual([expect.stringMatching(/^6: unknown step kind "Nope"/)]);
  });
});
