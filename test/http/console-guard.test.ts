import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

describe('console access', () => {
  it('needs no credential from loopback', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: 'console-secret' } });
    expect((await app.server.inject({ url: '/api/incidents', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await app.server.inject({ url: '/', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('asks anyone else for FIREBREAK_CONSOLE_TOKEN, as bearer or through the login form', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: 'console-secret' } });
    const remote = { remoteAddress: '10.1.2.3' };
    expect((await app.server.inject({ url: '/api/incidents', ...remote })).statusCode).toBe(401);
    expect((await app.server.inject({ url: '/console/api/messages?channel=incidents', ...remote })).statusCode).toBe(401);
    const page = await app.server.inject({ url: '/', ...remote });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toMatch(/^\/login/);
    expect((await app.server.inject({ url: '/api/incidents', headers: { authorization: 'Bearer wrong' }, ...remote })).statusCode).toBe(401);
    expect((await app.server.inject({ url: '/api/incidents', headers: { authorization: 'Bearer console-secret' }, ...remote })).statusCode).toBe(200);

    const bad = await app.server.inject({ method: 'POST', url: '/login', payload: 'token=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' }, ...remote });
    expect(bad.statusCode).toBe(401);
    const login = await app.server.inject({ method: 'POST', url: '/login', payload: 'token=console-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' }, ...remote });
    expect(login.statusCode).toBe(303);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect(cookie).not.toContain('console-secret');
    expect((await app.server.inject({ url: '/', headers: { cookie }, ...remote })).statusCode).toBe(200);
  });

  it('leaves /healthz public and asks remote clients for the token on /metrics and /readyz unless FIREBREAK_PUBLIC_HEALTH', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: 'console-secret' } });
    expect((await app.server.inject({ url: '/healthz', remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    expect((await app.server.inject({ url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(401);
    expect((await app.server.inject({ url: '/readyz', remoteAddress: '10.1.2.3' })).statusCode).toBe(401);
    const metrics = await app.server.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer console-secret' } });
    expect(metrics.body).toContain('firebreak_open_incidents');
    await app.close();

    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: 'console-secret', FIREBREAK_PUBLIC_HEALTH: 'true' } });
    expect((await app.server.inject({ url: '/metrics', remoteAddress: '10.1.2.3' })).body).toContain('firebreak_open_incidents');
    expect((await app.server.inject({ url: '/readyz', remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
  });

  it('refuses to start on a non-loopback HOST without a console token', async () => {
    await expect(createTestApp({ env: { HOST: '0.0.0.0' } })).rejects.toThrow(/FIREBREAK_CONSOLE_TOKEN: required/);
    app = await createTestApp();
  });
});
