/** DNS rebinding and cross-site forgery: ambient trust (loopback, a cookie) needs our Host and no foreign Origin. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { CONSOLE_TOKEN, REMOTE } from './env.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const command = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
  app.server.inject({ method: 'POST', url: '/console/api/command', remoteAddress, headers: { cookie: 'fb_name=Ann', ...headers }, payload: { text: 'help' } });

describe('DNS rebinding', () => {
  it('refuses a loopback request naming a foreign Host, whatever its Origin says', async () => {
    app = await createTestApp();
    expect((await app.server.inject({ url: '/api/incidents', headers: { host: 'evil.example' } })).statusCode).toBe(421);
    expect((await command({ host: 'evil.example', origin: 'http://evil.example' })).statusCode).toBe(421);
    expect((await app.server.inject({ url: '/api/incidents', headers: { host: 'localhost:3000' } })).statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/incidents', headers: { host: '127.0.0.1:3000' } })).statusCode).toBe(200);
  });

  it('compares Origin with the configured origin, not with Host', async () => {
    app = await createTestApp();
    expect((await command({ host: '127.0.0.1:3000', origin: 'http://evil.example' })).statusCode).toBe(403);
    expect((await command({ host: '127.0.0.1:3000', origin: 'null' })).statusCode).toBe(403);
    expect((await command({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).statusCode).toBe(200);
  });

  it('with a public URL, a session cookie works only under its host; a bearer token under any', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN, FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com' } });
    const login = await app.server.inject({ method: 'POST', url: '/login', remoteAddress: REMOTE, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${CONSOLE_TOKEN}` });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const asUser = (host: string) => app.server.inject({ url: '/api/incidents', remoteAddress: REMOTE, headers: { host, cookie } });
    expect((await asUser('firebreak.example.com')).statusCode).toBe(200);
    expect((await asUser('evil.example')).statusCode).toBe(421);
    const bearer = await app.server.inject({ url: '/api/incidents', remoteAddress: REMOTE, headers: { host: 'firebreak.internal:3000', authorization: `Bearer ${CONSOLE_TOKEN}` } });
    expect(bearer.statusCode).toBe(200);
    const crossSite = await app.server.inject({ method: 'POST', url: '/console/api/command', remoteAddress: REMOTE, headers: { host: 'firebreak.example.com', cookie: `${cookie}; fb_name=Ann`, origin: 'https://evil.example' }, payload: { text: 'help' } });
    expect(crossSite.statusCode).toBe(403);
    const sameSite = await app.server.inject({ method: 'POST', url: '/console/api/command', remoteAddress: REMOTE, headers: { host: 'firebreak.example.com', cookie: `${cookie}; fb_name=Ann`, origin: 'https://firebreak.example.com' }, payload: { text: 'help' } });
    expect(sameSite.statusCode).toBe(200);
  });
});

describe('cross-site alert forgery', () => {
  const form = 'Name=Checkout&Status=Down&StatusCode=500&URL=https%3A%2F%2Fshop.example&TestID=1';
  const statuscake = (headers: Record<string, string>) =>
    app.server.inject({ method: 'POST', url: '/webhooks/statuscake', remoteAddress: '127.0.0.1', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form });

  it('a loopback webhook without a token refuses browsers (Origin or Sec-Fetch-Site cross-site/same-site)', async () => {
    app = await createTestApp();
    expect((await statuscake({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await statuscake({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await statuscake({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await statuscake({ host: 'evil.example' })).statusCode).toBe(421);
    expect(await app.store.listIncidents()).toEqual([]);
    expect((await statuscake({})).statusCode).toBe(202);
  });

  it('with FIREBREAK_WEBHOOK_TOKEN the token decides, not the browser headers', async () => {
    app = await createTestApp({ env: { FIREBREAK_WEBHOOK_TOKEN: 'webhook-token' } });
    expect((await statuscake({ origin: 'https://evil.example' })).statusCode).toBe(401);
    expect((await statuscake({ authorization: 'Bearer webhook-token', origin: 'https://monitoring.example' })).statusCode).toBe(202);
  });
});
