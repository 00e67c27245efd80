import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, ConflictError, NotFoundError, StoreUnavailableError, UpstreamError, ValidationError } from '../core/errors.js';

/** Maps errors to statuses: our own trouble is 5xx (Alertmanager retries only those), callers' is 4xx. */
export function statusOf(err: unknown): number {
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof StoreUnavailableError) return 503;
  if (err instanceof UpstreamError) return 502;
  const status = (err as FastifyError)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const status = statusOf(err);
    if (err instanceof ValidationError) {
      return reply.code(400).send({ error: err.code, message: err.message, issues: err.issues });
    }
    if (err instanceof AppError && err.expose) {
      return reply.code(status).send({ error: err.code, message: err.message });
    }
    if (status === 503) {
      request.log.error({ err }, 'store unavailable');
      return reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: 'The store cannot take writes right now; retry.' });
    }
    if (status < 500) {
      return reply.code(status).send({ error: (err as FastifyError).code ?? 'bad_request', message: (err as Error).message });
    }
    const ref = randomBytes(4).toString('hex');
    request.log.error({ err, ref }, 'request failed');
    return reply.code(status).send({ error: 'internal', message: `Something went wrong (ref ${ref})` });
  });
}
