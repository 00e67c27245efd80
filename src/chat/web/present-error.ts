/** The console's error presenter: safe errors become 4xx JSON, anything else a 500 with a log ref. */
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, StoreUnavailableError, ValidationError, isAppError } from '../../core/errors.js';
import { STORE_TROUBLE_TEXT } from '../../core/store-trouble.js';
import type { Logger } from '../../core/logger.js';

export interface ErrorAnswer {
  status: number;
  body: { error: string; message: string };
}

export function presentError(err: unknown, logger: Pick<Logger, 'error'> | undefined): ErrorAnswer {
  if (err instanceof StoreUnavailableError) {
    logger?.error({ err }, 'web console request hit store trouble');
    return { status: 503, body: { error: err.code, message: STORE_TROUBLE_TEXT } };
  }
  if (isAppError(err) && err.expose) {
    return { status: exposedStatus(err), body: { error: err.code, message: err.message } };
  }
  const ref = randomBytes(4).toString('hex');
  logger?.error({ err, ref }, 'web console request failed');
  return { status: 500, body: { error: 'internal', message: `Something went wrong (ref ${ref})` } };
}

function exposedStatus(err: Error): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof ValidationError) return 400;
  return 400;
}
