/**
 * What is kept of a refused body: its first 4 KiB, its size and sha256, with credentials
 * (token/secret/password/key fields, the configured secrets themselves) replaced by `[redacted]`.
 */
import { createHash } from 'node:crypto';
import type { DeadLetter } from '../core/ports.js';

export const DEAD_LETTER_HEAD_BYTES = 4096;
const SECRET_NAME = '(?:token|secret|password|passwd|api[_-]?key|apikey|authorization|signature|routing[_-]?key|cookie)';
const JSON_FIELD = new RegExp(`("[^"\\\\]*${SECRET_NAME}[^"\\\\]*"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, 'gi');
const FORM_FIELD = new RegExp(`((?:^|&)[^=&]*${SECRET_NAME}[^=&]*=)[^&]*`, 'gi');
const SECRET_HEADER = new RegExp(`^(?:${SECRET_NAME}|x-.*${SECRET_NAME}.*|.*-signature)$`, 'i');

export function toDeadLetter(
  letter: { source: string; reason: string; headers: Record<string, string>; body: Buffer; receivedAt: number },
  secrets: (string | undefined)[],
): DeadLetter {
  const truncated = letter.body.length > DEAD_LETTER_HEAD_BYTES;
  const head = letter.body.subarray(0, DEAD_LETTER_HEAD_BYTES).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.headers)) headers[name] = SECRET_HEADER.test(name) ? '[redacted]' : redact(value, secrets);
  headers['firebreak-body-bytes'] = String(letter.body.length);
  headers['firebreak-body-sha256'] = createHash('sha256').update(letter.body).digest('hex');
  const body = redact(head.replace(JSON_FIELD, '$1"[redacted]"').replace(FORM_FIELD, '$1[redacted]'), secrets);
  return {
    source: letter.source,
    reason: redact(letter.reason, secrets).slice(0, 1000),
    headers,
    body: truncated ? `${body}\n… [${letter.body.length - DEAD_LETTER_HEAD_BYTES} more bytes not kept]` : body,
    receivedAt: letter.receivedAt,
  };
}

function redact(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
