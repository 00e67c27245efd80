/**
 * Deny by default: every route, including routes registered later, gets a check on its own
 * pattern. Routes on the allow-list (`route-access.ts`) pass; the rest need FIREBREAK_CONSOLE_TOKEN
 * (bearer, or the session cookie from `/login`) unless the client is trusted loopback.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AccessSettings } from './access-settings.js';
import { isBearer, registerLoginRoutes } from './login-routes.js';
import { routeAccess } from './route-access.js';
import { cookieValue, SESSION_COOKIE, SessionKeys } from './session-cookie.js';
import { isTrustedLoopback, refuseForeignHost } from './trusted-client.js';

export interface GuardedRoute {
  method: string;
  url: string;
}

const ROUTES = new WeakMap<FastifyInstance, GuardedRoute[]>();

/** Every route the guard saw registered (for tests that enumerate them). */
export function guardedRoutes(app: FastifyInstance): GuardedRoute[] {
  return ROUTES.get(app) ?? [];
}

export async function installConsoleGuard(app: FastifyInstance, settings: AccessSettings): Promise<void> {
  const sessions = settings.consoleToken ? new SessionKeys(settings.consoleToken) : undefined;
  const routes: GuardedRoute[] = [];
  ROUTES.set(app, routes);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url });
    const access = routeAccess(route.url);
    if (access === 'public' || access === 'webhook' || (access === 'health' && settings.publicHealth) || (access === 'status' && settings.publicStatus)) return;
    const check: onRequestHookHandler = async (request, reply) => guard(request, reply, route.url, settings, sessions);
    const existing = route.onRequest;
    route.onRequest = existing === undefined ? [check] : [check, ...(Array.isArray(existing) ? existing : [existing])];
  });

  await registerLoginRoutes(app, settings, sessions);
}

async function guard(
  request: FastifyRequest,
  reply: FastifyReply,
  pattern: string,
  settings: AccessSettings,
  sessions: SessionKeys | undefined,
): Promise<FastifyReply | undefined> {
  if (settings.consoleToken && isBearer(request.headers.authorization, settings.consoleToken)) return undefined;
  const session = sessions?.verify(cookieValue(request.headers.cookie, SESSION_COOKIE), settings.now());
  if (session || isTrustedLoopback(request, settings)) return refuseForeignHost(request, reply, settings);
  const access = routeAccess(pattern);
  const page = (access === 'console' || access === 'status') && !pattern.startsWith('/api/') && !pattern.startsWith('/console/');
  if (request.method === 'GET' && page) {
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
  }
  const message = settings.consoleToken ? 'FIREBREAK_CONSOLE_TOKEN required' : 'FIREBREAK_CONSOLE_TOKEN is not set: this route is closed to this client';
  return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message });
}
