import { describe, expect, it } from 'vitest';
import { bold, code, escapeText, link, mention, parseInline as coreParse } from '../../../src/core/format.js';
import { isSafeUrl, parseInline, plainText } from '../../../src/chat/web/public/markup.js';

/** Texts the core produces, and hostile ones an alert or a user could send. */
const SAMPLES = [
  'plain text',
  '**bold** and _italic_ and `code`',
  `${bold('INC-4')} ${escapeText('Checkout **is** down <@everyone|x> [a](http://b)')}`,
  link('Grafana (prod)', 'https://grafana.example.com/d/abc?from=now-1h&x=(y)'),
  link('not a link', 'javascript:alert(1)'),
  mention('slack:U123', 'Alice | <Admin>'),
  `${mention('web:bob', 'Bob')} acknowledged ${code('kubectl rollout undo `deploy`')}`,
  'snake_case_name and _real italic_ and 2_000_000',
  'a\\*b \\_c\\_ \\`d\\` \\[e\\](f) \\<@x|y\\>',
  '**unterminated and _also',
  '[label](ftp://example.com) [x](https://ok.example/path)',
  '<@U1|Name> <@|empty> <@nobar>',
  '',
  '**nested _italic_ inside**',
  'line one\nline two **bold\nacross**',
  '\\\\**still bold**',
];

describe('client markup parser', () => {
  it.each(SAMPLES)('matches the core parser: %j', (text) => {
    expect(parseInline(text)).toEqual(coreParse(text));
  });

  it('keeps hostile markup literal when the core escaped it', () => {
    const spans = parseInline(escapeText('<img src=x onerror=alert(1)> **x** [y](https://evil.example)'));

    expect(spans).toEqual([{ type: 'text', text: '<img src=x onerror=alert(1)> **x** [y](https://evil.example)' }]);
  });

  it('turns mentions and links into spans', () => {
    expect(parseInline('ping <@web:alice|Alice> see [runbook](https://example.com/r)')).toEqual([
      { type: 'text', text: 'ping ' },
      { type: 'mention', userId: 'web:alice', name: 'Alice' },
      { type: 'text', text: ' see ' },
      { type: 'link', text: 'runbook', url: 'https://example.com/r' },
    ]);
  });

  it('reduces markup to plain text', () => {
    expect(plainText(`${bold('INC-4')} Checkout is down, ${mention('web:a', 'Alice')} on it`)).toBe(
      'INC-4 Checkout is down, @Alice on it',
    );
  });

  it('only accepts http(s) URLs', () => {
    expect(isSafeUrl('https://example.com')).toBe(true);
    expect(isSafeUrl('http://127.0.0.1:3000/incidents/INC-1')).toBe(true);
    expect(isSafeUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('data:text/html,x')).toBe(false);
    expect(isSafeUrl('not a url')).toBe(false);
  });
});
