import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertSourceSecrets, AuthResult, IntakeRequest } from './source.js';

const OK: AuthResult = { ok: true };
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Constant-time string equality. Both sides are hashed first so the comparison has a fixed
 * length and leaks neither the content nor the length of the secret.
 */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function hmacSha256(secret: string, ...parts: (Buffer | string)[]): Buffer {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time check of a hex HMAC-SHA256 signature against the expected digest. */
export function isHexDigestEqual(givenHex: string, expected: Buffer): boolean {
  const trimmed = givenHex.trim();
  if (!HEX_SHA256.test(trimmed)) return false; // guards the length timingSafeEqual requires
  return timingSafeEqual(Buffer.from(trimmed, 'hex'), expected);
}

/** Bearer token or the password of Basic credentials (any user name), if present. */
export function credentialFrom(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^\s*(bearer|basic)\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1] || !match[2]) return undefined;
  if (match[1].toLowerCase() === 'bearer') return match[2];
  const decoded = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * A request a browser made for another site's page (`Origin`, or `Sec-Fetch-Site` other than
 * same-origin/none): it must never ride on loopback trust (cross-site alert forgery).
 */
export function isBrowserRequest(headers: Record<string, string | string[] | undefined>): boolean {
  const site = headers['sec-fetch-site'];
  return headers['origin'] !== undefined || site === 'cross-site' || site === 'same-site';
}

/**
 * The rule for sources that do not sign: with FIREBREAK_WEBHOOK_TOKEN set, require it as
 * `Authorization: Bearer <token>` or as the Basic password; unset, accept loopback clients only
 * (the caller passes `fromLoopback` false when loopback is not trusted), never browsers.
 */
export function checkWebhookToken(
  req: IntakeRequest,
  secrets: AlertSourceSecrets,
  fromLoopback: boolean,
): AuthResult {
  const token = secrets.webhookToken;
  if (!token) {
    if (!fromLoopback) return { ok: false, reason: 'FIREBREAK_WEBHOOK_TOKEN is not set: only loopback clients may post' };
    return isBrowserRequest(req.headers) ? { ok: false, reason: 'a browser request cannot use loopback trust; set FIREBREAK_WEBHOOK_TOKEN' } : OK;
  }
  const given = credentialFrom(req.headers['authorization']);
  if (given === undefined) return { ok: false, reason: 'missing bearer or basic credentials' };
  return safeEqual(given, token) ? OK : { ok: false, reason: 'wrong webhook token' };
}

/** Accepts when any of the signatures matches HMAC-SHA256(any secret, message parts). */
export function checkHmacSignatures(
  signatures: string[],
  secretList: string[],
  parts: (Buffer | string)[],
): AuthResult {
  if (signatures.length === 0) return { ok: false, reason: 'missing signature' };
  let matched = false;
  for (const secret of secretList) {
    const expected = hmacSha256(secret, ...parts);
    // no early exit: every candidate is compared, so timing does not reveal which one matched
    for (const signature of signatures) matched = isHexDigestEqual(signature, expected) || matched;
  }
  return matched ? OK : { ok: false, reason: 'signature mismatch' };
}
