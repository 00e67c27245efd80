/**
 * The console and `/api/*` need no credential from loopback clients; from anywhere else they need
 * FIREBREAK_CONSOLE_TOKEN, as a bearer token or through the console's login form (a cookie).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fromLoopback } from './client-address.js';

const GUARDED = /^\/(?:$|\?|incidents(?:\/|$|\?)|assets\/|console\/|api\/)/;
const COOKIE = 'fb_session';

export async function installConsoleGuard(app: FastifyInstance, token: string | undefined): Promise<void> {
  const expected = token ? digest(token) : undefined;

  app.addHook('onRequest', async (request, reply) => {
    if (!GUARDED.test(request.url) || fromLoopback(request)) return;
    if (expected && isAuthorized(request, expected)) return;
    if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/console/')) {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    }
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'FIREBREAK_CONSOLE_TOKEN required' });
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.get('/login', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'").send(LOGIN_PAGE));
    scope.post<{ Body: { token?: string; next?: string } }>('/login', async (request, reply) => {
      const given = request.body?.token ?? '';
      if (!expected || !safeEqual(digest(given), expected)) {
        return reply.code(401).type('text/html; charset=utf-8').send(LOGIN_PAGE.replace('<!--error-->', '<p class="error">That token is not right.</p>'));
      }
      const secure = request.protocol === 'https' ? '; Secure' : '';
      const next = request.body?.next?.startsWith('/') && !request.body.next.startsWith('//') ? request.body.next : '/';
      return reply
        .header('set-cookie', `${COOKIE}=${digest(given)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000${secure}`)
        .redirect(next, 303);
    });
  });
}

function isAuthorized(request: FastifyRequest, expected: string): boolean {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ') && safeEqual(digest(auth.slice(7).trim()), expected)) return true;
  const cookie = request.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`));
  return cookie !== undefined && safeEqual(cookie.slice(COOKIE.length + 1), expected);
}

function digest(value: string): string {
  return createHash('sha256').update(`firebreak-console:${value}`).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Firebreak · sign in</title>
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f6f7f9;color:#1d1f23}
form{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0001;display:grid;gap:.75rem;width:min(22rem,90vw)}
input{font:inherit;padding:.6rem;border:1px solid #c8ccd2;border-radius:8px}button{font:inherit;padding:.6rem;border:0;border-radius:8px;background:#c2410c;color:#fff}
.error{color:#b91c1c;margin:0}@media (prefers-color-scheme:dark){body{background:#16181c;color:#e8e9eb}form{background:#1f2227}input{background:#16181c;color:inherit;border-color:#3a3f47}}</style></head>
<body><form method="post" action="/login"><h1>Firebreak</h1><!--error--><label for="token">Console token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus><button type="submit">Sign in</button></form></body></html>`;
