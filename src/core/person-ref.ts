/** Turns what a person typed after `assign commander` into a Person on the same surface. */
import { ValidationError } from './errors.js';
import type { Person } from './incident.js';

export function parsePersonRef(text: string, surface: string): Person {
  const trimmed = text.trim();
  const platform = /^<@!?([A-Za-z0-9._-]+)(?:\|([^>]+))?>$/.exec(trimmed);
  if (platform) return { id: `${surface}:${platform[1]}`, name: platform[2] ?? platform[1]! };
  const qualified = /^<@([a-z]+:[^|>]+)\|([^>]+)>$/.exec(trimmed);
  if (qualified) return { id: qualified[1]!, name: qualified[2]! };
  const plain = /^@?([\p{L}\p{N}._ -]{1,64})$/u.exec(trimmed);
  if (plain) {
    const name = plain[1]!.trim();
    return { id: `${surface}:${slug(name) || 'anonymous'}`, name };
  }
  throw new ValidationError(`"${trimmed}" is not a person; mention them with @`, [{ path: 'person', message: 'expected @user' }]);
}

/** `Alice O'Neil` → `alice-o-neil`: letters and digits of any script, at most 40; '' when none. */
export function slug(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
