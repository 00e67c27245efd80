import { describe, expect, it } from 'vitest';
import { actorFromCookie, cleanName, parseCookies } from '../../../src/chat/web/web-actor.js';
import { slug } from '../../../src/core/person-ref.js';

describe('console actor', () => {
  it('reads the display name from the fb_name cookie', () => {
    expect(actorFromCookie('theme=dark; fb_name=Alice%20Martin; fb_session=abc')).toEqual({
      id: 'web:alice-martin',
      name: 'Alice Martin',
    });
  });

  it('keeps letters of any script in the id', () => {
    expect(slug("Zoë O'Neil-Ağa")).toBe('zoë-o-neil-ağa');
    expect(actorFromCookie(`fb_name=${encodeURIComponent('Дмитрий')}`)?.id).toBe('web:дмитрий');
  });

  it('cleans control characters and bounds the length', () => {
    expect(cleanName('  Bob\u0000\u202e  Smith\n')).toBe('Bob Smith');
    expect(cleanName('x'.repeat(200))).toHaveLength(64);
  });

  it('has no actor without a usable name', () => {
    expect(actorFromCookie(undefined)).toBeUndefined();
    expect(actorFromCookie('fb_name=')).toBeUndefined();
    expect(actorFromCookie('fb_name=%F0%9F%94%A5')).toBeUndefined(); // only an emoji: nothing to make an id of
  });

  it('parses quoted and malformed cookie values without throwing', () => {
    expect(parseCookies('a="quoted%20value"; b=%E0%A4%A; c')).toEqual({ a: 'quoted value', b: '%E0%A4%A' });
  });
});
