/** Who is acting in the console: the display name the person picked, kept in the `fb_name` cookie. */
import type { Person } from '../../core/incident.js';
import { slug } from '../../core/person-ref.js';

export const NAME_COOKIE = 'fb_name';
const MAX_NAME_LENGTH = 64;

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      // A malformed escape is kept raw rather than dropping the cookie.
      cookies[name] = value;
    }
  }
  return cookies;
}

/** Cleans a display name: no control characters, collapsed spaces, bounded length. */
export function cleanName(raw: string): string {
  return raw
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
}

/** The console user behind a request, or `undefined` when no usable name was chosen yet. */
export function actorFromCookie(cookieHeader: string | undefined): Person | undefined {
  const name = cleanName(parseCookies(cookieHeader)[NAME_COOKIE] ?? '');
  const id = slug(name);
  if (!name || !id) return undefined;
  return { id: `web:${id}`, name };
}
