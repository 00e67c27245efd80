/** Loopback trust and proxies as explicit settings; signed, expiring, revocable sessions; the login rate limit. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { CONSOLE_TOKEN, REMOTE } from './env.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const login = (token: string, remoteAddress = REMOTE) =>
  app!.server.inject({ method: 'POST', url: '/login', remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${encodeURIComponent(token)}` });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;
const api = (cookie: string) => app!.server.inject({ url: '/api/incidents', remoteAddress: REMOTE, headers: { cookie } });

describe('FIREBREAK_TRUST_LOOPBACK and FIREBREAK_TRUST_PROXY', () => {
  it('trusts loopback only in the zero-config local run unless set explicitly', () => {
    const token = { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN };
    expect(loadConfig({}).http.trustLoopback).toBe(true);
    expect(loadConfig({ FIREBREAK_PUBLIC_URL: 'http://localhost:3000' }).http.trustLoopback).toBe(true);
    expect(loadConfig({ FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com' }).http.trustLoopback).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', ...token }).http.trustLoopback).toBe(false);
    expect(loadConfig({ FIREBREAK_TRUST_PROXY: 'true' }).http.trustLoopback).toBe(false);
    expect(loadConfig({ FIREBREAK_TRUST_PROXY: '127.0.0.1' }).http.trustProxy).toBe('127.0.0.1');
    expect(loadConfig({ FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com', FIREBREAK_TRUST_LOOPBACK: 'true' }).http.trustLoopback).toBe(true);
    expect(loadConfig({ FIREBREAK_TRUST_LOOPBACK: 'false' }).http.trustLoopback).toBe(false);
    expect(() => loadConfig({ FIREBREAK_TRUST_LOOPBACK: 'maybe' })).toThrow(/FIREBREAK_TRUST_LOOPBACK: expected true or false/);
  });

  it('behind a trusted proxy on loopback, the forwarded client decides, and it is not loopback', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN, FIREBREAK_TRUST_PROXY: '127.0.0.1', FIREBREAK_TRUST_LOOPBACK: 'true' } });
    const viaProxy = await app.server.inject({ url: '/api/incidents', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': REMOTE } });
    expect(viaProxy.statusCode).toBe(401);
    const direct = await app.server.inject({ url: '/api/incidents', remoteAddress: '127.0.0.1' });
    expect(direct.statusCode).toBe(200);
  });
});

describe('console sessions', () => {
  it('are signed: a forged or tampered cookie is refused, and the cookie does not carry the token', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN } });
    const cookie = cookieOf(await login(CONSOLE_TOKEN));
    expect(cookie).not.toContain(CONSOLE_TOKEN);
    expect(String((await login(CONSOLE_TOKEN)).headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Max-Age=43200/);
    expect((await api(cookie)).statusCode).toBe(200);
    const [name, value] = cookie.split('=');
    const parts = value!.split('.');
    const longer = `${name}=${[parts[0], String(Number(parts[1]) + 3_600_000), parts[2], parts[3]].join('.')}`;
    expect((await api(longer)).statusCode).toBe(401);
    expect((await api('fb_session=v1.99999999999999.x.y')).statusCode).toBe(401);
  });

  it('expire after 12 hours', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN } });
    const cookie = cookieOf(await login(CONSOLE_TOKEN));
    app.clock.advance(11 * 60 * 60_000);
    expect((await api(cookie)).statusCode).toBe(200);
    app.clock.advance(2 * 60 * 60_000);
    expect((await api(cookie)).statusCode).toBe(401);
  });

  it('are revoked by logout and by changing the token', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN } });
    const dir = app.dir;
    const cookie = cookieOf(await login(CONSOLE_TOKEN));
    const logout = await app.server.inject({ method: 'POST', url: '/logout', remoteAddress: REMOTE, headers: { cookie } });
    expect(logout.statusCode).toBe(303);
    expect(String(logout.headers['set-cookie'])).toMatch(/^fb_session=; .*Max-Age=0/);
    expect((await api(cookie)).statusCode).toBe(401);

    const kept = cookieOf(await login(CONSOLE_TOKEN));
    await app.stop();
    app = await createTestApp({ dir, env: { FIREBREAK_CONSOLE_TOKEN: 'a-new-console-token' } });
    expect((await api(kept)).statusCode).toBe(401);
  });
});

describe('login rate limit', () => {
  it('allows 10 wrong tokens a minute per client address, then answers 429 with Retry-After', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE_TOKEN } });
    for (let i = 0; i < 10; i++) expect((await login(`wrong-${i}`)).statusCode).toBe(401);
    const limited = await login(CONSOLE_TOKEN);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(CONSOLE_TOKEN, '198.51.100.7')).statusCode).toBe(303);
    app.clock.advance(61_000);
    expect((await login(CONSOLE_TOKEN)).statusCode).toBe(303);
  });
});
