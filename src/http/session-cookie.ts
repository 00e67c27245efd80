/**
 * Console sessions: `v1.<expiresAt>.<nonce>.<mac>`, HMAC-SHA256 with a key derived from
 * FIREBREAK_CONSOLE_TOKEN. They expire; changing the token revokes every one; logout revokes one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'fb_session';
export const SESSION_TTL_MS = 12 * 60 * 60_000;
const MAX_REVOKED = 10_000;

export class SessionKeys {
  readonly #key: Buffer;
  readonly #revoked = new Map<string, number>();

  constructor(token: string) {
    this.#key = createHmac('sha256', 'firebreak-console-session').update(token).digest();
  }

  create(now: number): string {
    const body = `v1.${now + SESSION_TTL_MS}.${randomBytes(12).toString('base64url')}`;
    return `${body}.${this.#mac(body)}`;
  }

  verify(value: string | undefined, now: number): boolean {
    const parts = value?.split('.');
    if (!parts || parts.length !== 4 || parts[0] !== 'v1') return false;
    const expiresAt = Number(parts[1]);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= now || this.#revoked.has(parts[2]!)) return false;
    const given = Buffer.from(parts[3]!);
    const expected = Buffer.from(this.#mac(parts.slice(0, 3).join('.')));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Logout: this session stops working even if its cookie was copied. */
  revoke(value: string | undefined, now: number): void {
    if (!this.verify(value, now)) return;
    const parts = value!.split('.');
    for (const [nonce, expiresAt] of this.#revoked) if (expiresAt <= now || this.#revoked.size >= MAX_REVOKED) this.#revoked.delete(nonce);
    this.#revoked.set(parts[2]!, Number(parts[1]));
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  const entry = header?.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return entry?.slice(name.length + 1);
}
