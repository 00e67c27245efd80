/** Base error with a stable code. `expose` marks messages that are safe to show a user. */
export class AppError extends Error {
  readonly code: string;
  readonly expose: boolean;

  constructor(code: string, message: string, options: { expose?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.expose = options.expose ?? false;
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that does not satisfy a schema or a rule. */
export class ValidationError extends AppError {
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = []) {
    super('validation_failed', message, { expose: true });
    this.issues = issues;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', message, { expose: true });
  }
}

/** A request that is well formed but not allowed in the current state (an illegal transition). */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(code, message, { expose: true });
  }
}

/** A call to Slack, Discord, PagerDuty or another upstream failed. */
export class UpstreamError extends AppError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; status?: number; cause?: unknown },
  ) {
    super('upstream_failed', message, { cause: options.cause });
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** The store could not take a write; callers answer 503. */
export class StoreUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('store_unavailable', 'The incident store cannot take writes right now', { cause });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
