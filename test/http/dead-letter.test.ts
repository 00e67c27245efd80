import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEAD_BYTES, toDeadLetter } from '../../src/http/dead-letter.js';

const letter = (body: string, headers: Record<string, string> = {}) => ({ source: 'generic', reason: 'bad', headers, body: Buffer.from(body), receivedAt: 0 });

describe('toDeadLetter', () => {
  it('redacts credential fields in JSON and form bodies, and the configured secrets anywhere', () => {
    const json = toDeadLetter(letter('{"title":"x","apiKey":"k1","nested":{"client_secret":"s\\"2","password":"p3"},"note":"has shh-secret-value"}'), ['shh-secret-value']);
    expect(json.body).toBe('{"title":"x","apiKey":"[redacted]","nested":{"client_secret":"[redacted]","password":"[redacted]"},"note":"has [redacted]"}');
    const form = toDeadLetter(letter('Name=Shop&Token=abc123&Status=Down'), []);
    expect(form.body).toBe('Name=Shop&Token=[redacted]&Status=Down');
  });

  it('keeps the first 4 KiB with the size and sha256 of the whole body', () => {
    const body = 'y'.repeat(DEAD_LETTER_HEAD_BYTES * 3);
    const kept = toDeadLetter(letter(body, { authorization: 'Bearer t', 'content-type': 'application/json' }), []);
    expect(kept.body.startsWith('y'.repeat(DEAD_LETTER_HEAD_BYTES))).toBe(true);
    expect(kept.body).toContain(`[${DEAD_LETTER_HEAD_BYTES * 2} more bytes not kept]`);
    expect(kept.headers).toEqual({
      authorization: '[redacted]',
      'content-type': 'application/json',
      'firebreak-body-bytes': String(body.length),
      'firebreak-body-sha256': createHash('sha256').update(body).digest('hex'),
    });
  });
});
