/** Encoded paths and absolute-form request targets over real HTTP: the guard decides on the matched route. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { guardedRoutes } from '../../src/http/console-guard.js';
import { routeAccess } from '../../src/http/route-access.js';
import { concretePath, CONSOLE_TOKEN, encodedPath } from './env.js';
import { rawRequest } from './raw-http.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

async function listening(): Promise<number> {
  // loopback not trusted, so the 127.0.0.1 test client stands for any remote client
  app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN, FIREBREAK_TRUST_LOOPBACK: 'false', HOST: '127.0.0.1' } });
  return Number(new URL(await app.listen()).port);
}

const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`;

describe('request targets', () => {
  it('refuses %61pi, %63onsole and absolute-form targets without the token', async () => {
    const port = await listening();
    for (const target of ['/%61pi/dead-letters', '/%61pi/incidents', '/%63onsole/api/messages?channel=incidents', 'http://x/api/incidents', 'http://127.0.0.1/api/dead-letters', '/api/incidents']) {
      const answer = await rawRequest(port, get(target));
      expect(answer.status, target).toBe(401);
    }
    const post = 'POST /%61pi/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"title":"pwn"}';
    expect((await rawRequest(port, post)).status).toBe(401);
    const command = 'POST /%63onsole/api/command HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
    expect((await rawRequest(port, command)).status).toBe(401);
    expect(await app.store.listIncidents()).toEqual([]);
  });

  it('refuses every guarded route in absolute form and encoded, over the wire', async () => {
    const port = await listening();
    // the status page is public by default (policy status.public)
    const open = new Set(['public', 'webhook', 'status']);
    const routes = guardedRoutes(app.server).filter((r) => r.method !== 'HEAD' && !open.has(routeAccess(r.url)));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = concretePath(route.url);
      for (const target of [`http://x${path}`, `http://127.0.0.1${encodedPath(path) ?? path}`]) {
        const request = `${route.method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
        const answer = await rawRequest(port, request);
        const toLogin = answer.status === 302 && /\r\nlocation: \/login/i.test(answer.text);
        expect(answer.status === 401 || toLogin, `${route.method} ${target} → ${answer.status}`).toBe(true);
      }
    }
  });

  it('serves the same targets with the token', async () => {
    const port = await listening();
    for (const target of ['/%61pi/incidents', 'http://x/api/incidents']) {
      const answer = await rawRequest(port, get(target, `Authorization: Bearer ${CONSOLE_TOKEN}\r\n`));
      expect(answer.status, target).toBe(200);
    }
  });
});
