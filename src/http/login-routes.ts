/** `/login` (the form and its post, rate limited) and `/logout`. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AccessSettings } from './access-settings.js';
import { LOGIN_PAGE } from './login-page.js';
import { LoginLimiter } from './login-limiter.js';
import { cookieValue, SESSION_COOKIE, SESSION_TTL_MS, type SessionKeys } from './session-cookie.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

export async function registerLoginRoutes(app: FastifyInstance, settings: AccessSettings, sessions: SessionKeys | undefined): Promise<void> {
  const limiter = new LoginLimiter();
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.get('/login', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).send(LOGIN_PAGE));
    scope.post<{ Body: { token?: unknown; next?: unknown } }>('/login', async (request, reply) => {
      const now = settings.now();
      const wait = limiter.retryAfter(request.ip, now);
      if (wait > 0) return reply.code(429).header('retry-after', String(wait)).send({ error: 'too_many_attempts', message: `Too many wrong tokens; retry in ${wait} s` });
      const given = typeof request.body?.token === 'string' ? request.body.token : '';
      if (!sessions || !settings.consoleToken || !tokenEqual(given, settings.consoleToken)) {
        limiter.fail(request.ip, now);
        return reply.code(401).type('text/html; charset=utf-8').header('content-security-policy', CSP).send(LOGIN_PAGE.replace('<!--error-->', '<p class="error">That token is not right.</p>'));
      }
      const next = typeof request.body?.next === 'string' && request.body.next.startsWith('/') && !/^\/[/\\]/.test(request.body.next) ? request.body.next : '/';
      return reply.header('set-cookie', cookie(sessions.create(now), SESSION_TTL_MS / 1000, request.protocol === 'https')).redirect(next, 303);
    });
    scope.post('/logout', async (request, reply) => {
      sessions?.revoke(cookieValue(request.headers.cookie, SESSION_COOKIE), settings.now());
      return reply.header('set-cookie', cookie('', 0, request.protocol === 'https')).redirect('/login', 303);
    });
  });
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export function isBearer(authorization: string | undefined, token: string): boolean {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match !== null && tokenEqual(match[1]!, token);
}

function tokenEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(`firebreak-console:${given}`).digest();
  const b = createHash('sha256').update(`firebreak-console:${expected}`).digest();
  return timingSafeEqual(a, b);
}
