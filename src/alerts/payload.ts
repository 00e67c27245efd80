import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../core/errors.js';
import type { IntakeRequest } from './source.js';

/** The body as JSON; a body that is not JSON is a ValidationError at the root path (''). */
export function parseJsonBody(req: IntakeRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8')) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : 'invalid JSON';
    throw new ValidationError('Body is not valid JSON', [{ path: '', message }]);
  }
}

/** `application/x-www-form-urlencoded` body as a flat object (the last value wins for repeated keys). */
export function parseFormBody(req: IntakeRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(req.body.toString('utf8')));
}

/** JSON or form, by the request's media type. */
export function parseJsonOrFormBody(req: IntakeRequest): unknown {
  return req.contentType === 'application/x-www-form-urlencoded' ? parseFormBody(req) : parseJsonBody(req);
}

export function toFieldIssues(error: z.ZodError, pathPrefix: string[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...pathPrefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * Runs a zod schema; failures become one ValidationError naming every failing field path.
 * `pathPrefix` locates `data` inside the body when a nested part is validated on its own.
 */
export function validatePayload<S extends z.ZodType>(
  schema: S,
  data: unknown,
  what: string,
  pathPrefix: string[] = [],
): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ValidationError(`Invalid ${what} payload`, toFieldIssues(result.error, pathPrefix));
  }
  return result.data;
}
