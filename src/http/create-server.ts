import { createServer as createHttpServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { installErrorHandler } from './error-handler.js';
import { BODY_LIMIT } from './webhook-routes.js';

export interface ServerOptions {
  /** Fastify `trustProxy` (FIREBREAK_TRUST_PROXY); off by default. */
  trustProxy?: boolean | string;
  /** Slow clients: the whole request (headers and body) must arrive within this (default 30 s). */
  requestTimeoutMs?: number;
  /** A socket idle this long is closed (default 60 s; the console's event stream beats every 15 s). */
  connectionTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this (default 5 s). */
  keepAliveTimeoutMs?: number;
}

/** The one HTTP listener: JSON by default, 1 MiB bodies, timeouts for slow clients, our error mapping. */
export function createServer(logger: PinoLogger, options: ServerOptions = {}): FastifyInstance {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const http = logger.child({ component: 'http' });
  const app: FastifyInstance = Fastify({
    loggerInstance: http as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    trustProxy: options.trustProxy ?? false,
    serverFactory: (handler) => {
      // headers and body must arrive within the request timeout, checked often enough to matter
      const server = createHttpServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1_000, requestTimeout) }, handler);
      server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
      server.setTimeout(options.connectionTimeoutMs ?? 60_000);
      return server;
    },
  });
  installErrorHandler(app);
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
    // Most answers are not logged (debug): their fields are not even gathered then.
    if (!http.isLevelEnabled(level)) return;
    request.log[level]({ method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  return app;
}
