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
    return { id: `${surface}:${slug(name)}`, name };
  }
  throw new ValidationError(`"${trimmed}" is not a person; mention them with @`, [{ path: 'person', message: 'expected @user' }]);
}

export function slug(name: string): string {
  return name.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'anonymous';
}
