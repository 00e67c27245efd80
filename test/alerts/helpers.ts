import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { AlertSourceSecrets, IntakeRequest } from '../../src/alerts/source.js';

/** Raw bytes of a file in `shared/fixtures/` (next to the project checkout). */
export function fixtureBytes(path: string): Buffer {
  return readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url));
}

export function fixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(fixtureBytes(path).toString('utf8')) as T;
}

export function intake(
  body: Buffer | string | object,
  headers: Record<string, string | undefined> = {},
  contentType = 'application/json',
): IntakeRequest {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { headers, body: bytes, contentType };
}

export const NO_SECRETS: AlertSourceSecrets = { pagerdutyWebhookSecrets: [] };

/** Runs `fn`, expects a ValidationError, returns the issue paths it names. */
export function issuePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

/** Deep copy of a fixture for a test to modify. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
