/** Every registered route, from a remote address, with and without the console token, plain and encoded. */
import { afterEach, describe, expect, it } from 'vitest';
import { guardedRoutes } from '../../src/http/console-guard.js';
import { routeAccess } from '../../src/http/route-access.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { chatEnv, closeSlack as closeFakeSlack, concretePath, CONSOLE_TOKEN, encodedPath, REMOTE } from './env.js';

let app: TestApp;
let closeSlack: (() => Promise<void>) | undefined;
afterEach(async () => {
  await app.close();
  await closeSlack?.();
  closeSlack = undefined;
});

async function withChats(): Promise<Record<string, string>> {
  const chats = await chatEnv();
  closeSlack = () => closeFakeSlack(chats.slack);
  return chats.env;
}

const denied = (status: number, location: unknown) => status === 401 || (status === 302 && String(location).startsWith('/login'));

describe('the route guard', () => {
  it('asks a remote client for the token on every route not on the allow-list, however the path is spelled', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN, ...(await withChats()) } });
    const routes = guardedRoutes(app.server);
    expect(routes.length).toBeGreaterThan(20);
    const guarded = routes.filter((r) => routeAccess(r.url) === 'console' || routeAccess(r.url) === 'health');
    expect(guarded.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/api/incidents', '/api/dead-letters', '/console/api/command', '/metrics', '/readyz']));

    for (const route of guarded) {
      const path = concretePath(route.url);
      for (const url of [path, encodedPath(path)].filter((u): u is string => u !== undefined)) {
        const method = route.method as 'GET';
        const anonymous = await app.server.inject({ method, url, remoteAddress: REMOTE, payload: method === 'GET' || method === 'HEAD' ? undefined : {} });
        expect(denied(anonymous.statusCode, anonymous.headers.location), `${method} ${url} → ${anonymous.statusCode}`).toBe(true);
        const wrong = await app.server.inject({ method, url, remoteAddress: REMOTE, headers: { authorization: 'Bearer nope' } });
        expect(denied(wrong.statusCode, wrong.headers.location), `${method} ${url} with a wrong token`).toBe(true);
        // the console's event stream never ends: its refusal above is what this test is about
        if (route.url === '/console/api/events') continue;
        const signed = await app.server.inject({ method, url, remoteAddress: REMOTE, headers: { authorization: `Bearer ${CONSOLE_TOKEN}` }, payload: method === 'GET' || method === 'HEAD' ? undefined : {} });
        expect(denied(signed.statusCode, signed.headers.location), `${method} ${url} with the token → ${signed.statusCode}`).toBe(false);
      }
    }
  });

  it('covers a route registered after start-up without anyone listing it', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN } });
    app.server.get('/api/added-later', async () => ({ secret: 'data' }));
    expect((await app.server.inject({ url: '/api/added-later', remoteAddress: REMOTE })).statusCode).toBe(401);
    expect((await app.server.inject({ url: '/%61pi/added-later', remoteAddress: REMOTE })).statusCode).toBe(401);
    expect((await app.server.inject({ url: '/api/added-later', remoteAddress: REMOTE, headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } })).statusCode).toBe(200);
  });

  it('leaves the allow-list public: status page, feed, health, login, chat endpoints and webhooks answer by their own rules', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN, ...(await withChats()) } });
    for (const url of ['/status', '/status/feed.xml', '/healthz', '/login']) {
      expect((await app.server.inject({ url, remoteAddress: REMOTE })).statusCode, url).toBe(200);
    }
    // they refuse for their own reasons (no signature, no webhook token), never for the console token
    for (const url of ['/slack/events', '/discord/interactions', '/webhooks/generic']) {
      const res = await app.server.inject({ method: 'POST', url, remoteAddress: REMOTE, payload: {} });
      expect(res.statusCode, url).toBe(401);
      expect(res.body, url).not.toContain('FIREBREAK_CONSOLE_TOKEN');
    }
  });

  it('with loopback not trusted, even a loopback client needs the token', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN, FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com' } });
    expect((await app.server.inject({ url: '/api/incidents', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
    expect((await app.server.inject({ url: '/api/incidents', remoteAddress: '127.0.0.1', headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } })).statusCode).toBe(200);
  });
});
