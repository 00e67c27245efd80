import { describe, expect, it } from 'vitest';
import { parseInline } from '../../src/core/format.js';
import { parseRunbook } from '../../src/runbooks/load-runbooks.js';

const lines = (...l: string[]) => l.join('\n');

const FRONT = ['---', 'id: demo', 'title: Demo runbook', 'severity: SEV2', 'match:', '  - alertname: Demo', '---'];

const DEMO = lines(
  ...FRONT,
  '# Demo runbook',
  '',
  'Users see **errors** on checkout.',
  '',
  '## Diagnose: Check the load balancer',
  'Look at the `endpoints` and read [the docs](https://example.com/lb).',
  'A second line of the same paragraph, _important_.',
  '',
  '- first item',
  '- second `item`',
  '',
  '```sh',
  'kubectl get pods',
  '```',
  '',
  '## mitigate: Shed load',
  'Turn off the recommendations widget.',
  '',
  '## Resolve: Restore service',
  'Pick one.',
  '',
  '### Roll back',
  'If something shipped.',
  '```sh',
  'kubectl rollout undo deploy/web',
  '```',
  '',
  '### Scale out',
  'If pods are saturated.',
  '```',
  'kubectl scale deploy/web --replicas=12',
  '```',
  '',
  '## VERIFY',
  '1. Error rate is normal',
  '2. Latency is normal',
  '',
  '## Communicate: Tell users',
  'Post on the status page.',
);

describe('parseRunbook', () => {
  it('reads the front matter and the summary from the text before the first step', () => {
    const { runbook, problems } = parseRunbook(DEMO, 'demo.md');

    expect(problems).toEqual([]);
    expect(runbook).toMatchObject({
      id: 'demo',
      title: 'Demo runbook',
      severity: 'SEV2',
      summary: 'Users see **errors** on checkout.',
      match: [{ alertname: 'Demo' }],
      file: 'demo.md',
    });
  });

  it('parses a step of each kind, in order, with text, commands and options', () => {
    const { runbook } = parseRunbook(DEMO, 'demo.md');
    const steps = runbook!.steps;

    expect(steps.map((s) => [s.index, s.kind, s.title])).toEqual([
      [0, 'diagnose', 'Check the load balancer'],
      [1, 'mitigate', 'Shed load'],
      [2, 'resolve', 'Restore service'],
      [3, 'verify', 'Verify'],
      [4, 'communicate', 'Tell users'],
    ]);
    expect(steps[0]!.text).toBe(
      'Look at the `endpoints` and read [the docs](https://example.com/lb). A second line of the same paragraph, _important_.' +
        '\n\n• first item\n• second `item`',
    );
    expect(steps[0]!.commands).toEqual([{ language: 'sh', code: 'kubectl get pods' }]);
    expect(steps[1]).toMatchObject({ text: 'Turn off the recommendations widget.', commands: [], options: [] });
    expect(steps[3]!.text).toBe('1. Error rate is normal\n2. Latency is normal');
  });

  it('turns ### sections of a resolve step into options', () => {
    const resolve = parseRunbook(DEMO, 'demo.md').runbook!.steps[2]!;

    expect(resolve.text).toBe('Pick one.');
    expect(resolve.commands).toEqual([]);
    expect(resolve.options).toEqual([
      { title: 'Roll back', text: 'If something shipped.', commands: [{ language: 'sh', code: 'kubectl rollout undo deploy/web' }] },
      { title: 'Scale out', text: 'If pods are saturated.', commands: [{ code: 'kubectl scale deploy/web --replicas=12' }] },
    ]);
  });

  it('produces inline markup that core/format parses back, escaping literal characters', () => {
    const source = lines(
      ...FRONT,
      '## Diagnose: Look',
      'Run with *care*: `a*b` and 2 * 3 [docs](https://example.com) <namespace> \\_x\\_ **bold `x`**.',
      '<!-- a note for authors -->',
    );

    const text = parseRunbook(source, 'x.md').runbook!.steps[0]!.text;

    expect(parseInline(text)).toEqual([
      { type: 'text', text: 'Run with ' },
      { type: 'italic', text: 'care' },
      { type: 'text', text: ': ' },
      { type: 'code', text: 'a*b' },
      { type: 'text', text: ' and 2 * 3 ' },
      { type: 'link', text: 'docs', url: 'https://example.com' },
      { type: 'text', text: ' <namespace> _x_ ' },
      { type: 'bold', text: 'bold x' },
      { type: 'text', text: '.' },
    ]);
  });

  it('prefers the front matter summary, converted from Markdown', () => {
    const source = lines(
      '---', 'id: demo', 'title: Demo', 'summary: Use when **checkout** fails', 'match: []', '---',
      'Ignored intro.',
      '## Verify: ok',
      'Fine.',
    );

    const { runbook, problems } = parseRunbook(source, 'x.md');

    expect(problems).toEqual([]);
    expect(runbook!.summary).toBe('Use when **checkout** fails');
    expect(runbook!.match).toEqual([]);
    expect(runbook!.severity).toBeUndefined();
  });

  it('keeps label matchers, turning YAML numbers into text', () => {
    const source = lines(
      '---', 'id: demo', 'title: Demo', 'match:', '  - source: grafana', '    labels:', '      code: 500', '      service: /^api-/', '---',
      '## Verify: ok', 'Fine.',
    );

    expect(parseRunbook(source, 'x.md').runbook!.match).toEqual([
      { source: 'grafana', labels: { code: '500', service: '/^api-/' } },
    ]);
  });
});
