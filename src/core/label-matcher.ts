/**
 * One matcher value from a runbook's `match`: an exact string, or a JavaScript regular expression
 * written as `/…/` (no flags) that must match the whole value, as in Prometheus and core/routing.ts.
 */

export function isRegexMatcher(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
}

/** Why a `/…/` matcher does not compile, or undefined when it is fine (or not a regex). */
export function matcherError(pattern: string): string | undefined {
  if (!isRegexMatcher(pattern)) return undefined;
  try {
    anchored(pattern);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

const anchored = (pattern: string) => new RegExp(`^(?:${pattern.slice(1, -1)})$`);

const compiled = new Map<string, RegExp | null>();

function toRegExp(pattern: string): RegExp | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = matcherError(pattern) === undefined ? anchored(pattern) : null;
    compiled.set(pattern, re);
  }
  return re;
}

/** A missing value never matches; an invalid regex never matches. */
export function matchesValue(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!isRegexMatcher(pattern)) return pattern === value;
  return toRegExp(pattern)?.test(value) ?? false;
}
