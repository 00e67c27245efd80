import { describe, expect, it } from 'vitest';
import {
  checkHmacSignatures,
  checkWebhookToken,
  credentialFrom,
  hmacSha256,
  safeEqual,
} from '../../src/alerts/auth.js';
import { intake, NO_SECRETS } from './helpers.js';

const TOKEN = 's3cret-token';
const withToken = { ...NO_SECRETS, webhookToken: TOKEN };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const req = (authorization?: string) => intake('{}', { authorization });

describe('safeEqual', () => {
  it('compares strings of any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});

describe('credentialFrom', () => {
  it('reads bearer tokens and basic passwords', () => {
    expect(credentialFrom(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(credentialFrom(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(credentialFrom(basic('alertmanager', TOKEN))).toBe(TOKEN);
    expect(credentialFrom(basic('', 'pa:ss'))).toBe('pa:ss');
  });
  it('ignores missing, unknown or malformed credentials', () => {
    expect(credentialFrom(undefined)).toBeUndefined();
    expect(credentialFrom(`Token ${TOKEN}`)).toBeUndefined();
    expect(credentialFrom(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeUndefined();
    expect(credentialFrom('Bearer')).toBeUndefined();
  });
});

describe('checkWebhookToken', () => {
  it('accepts the token as bearer or as the basic password of any user', () => {
    expect(checkWebhookToken(req(`Bearer ${TOKEN}`), withToken, false)).toEqual({ ok: true });
    expect(checkWebhookToken(req(basic('anyone', TOKEN)), withToken, false)).toEqual({ ok: true });
  });
  it('refuses a wrong or missing token, even from loopback', () => {
    expect(checkWebhookToken(req('Bearer wrong'), withToken, false).ok).toBe(false);
    expect(checkWebhookToken(req(basic(TOKEN, 'wrong')), withToken, false).ok).toBe(false);
    expect(checkWebhookToken(req(`Bearer ${TOKEN}x`), withToken, true).ok).toBe(false);
    expect(checkWebhookToken(req(), withToken, true)).toEqual({
      ok: false,
      reason: 'missing bearer or basic credentials',
    });
  });
  it('without a configured token accepts loopback clients only', () => {
    expect(checkWebhookToken(req(), NO_SECRETS, true)).toEqual({ ok: true });
    const refused = checkWebhookToken(req(`Bearer ${TOKEN}`), NO_SECRETS, false);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/FIREBREAK_WEBHOOK_TOKEN/);
  });
});

describe('checkHmacSignatures', () => {
  const body = Buffer.from('{"a":1}');
  const sig = hmacSha256('k2', body).toString('hex');
  it('accepts any signature made with any secret, in either hex case', () => {
    expect(checkHmacSignatures([sig], ['k1', 'k2'], [body])).toEqual({ ok: true });
    expect(checkHmacSignatures(['00'.repeat(32), sig.toUpperCase()], ['k2'], [body])).toEqual({ ok: true });
  });
  it('refuses missing, malformed and mismatching signatures', () => {
    expect(checkHmacSignatures([], ['k2'], [body])).toEqual({ ok: false, reason: 'missing signature' });
    expect(checkHmacSignatures([sig.slice(0, 63)], ['k2'], [body]).ok).toBe(false);
    expect(checkHmacSignatures([`${sig}00`], ['k2'], [body]).ok).toBe(false);
    expect(checkHmacSignatures([sig], ['k1'], [body]).ok).toBe(false);
    expect(checkHmacSignatures([sig], ['k2'], [Buffer.from('{"a":2}')]).ok).toBe(false);
  });
});
