/** Slow and unauthenticated bodies cost a bounded number of sockets for a bounded time. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { SIGNING_ENV } from '../http/helpers.js';
import { openSlow, rawRequest, untilClosed } from './raw-http.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const SLOW = 12;
const bigPost = (path: string, headers = '') =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024 - 1}\r\n${headers}\r\n{"a":`;

describe('slow bodies', () => {
  it('closes connections whose body does not arrive within the request timeout, and keeps answering others', async () => {
    app = await createTestApp({ env: { ...SIGNING_ENV }, app: { http: { requestTimeoutMs: 400 } } });
    const port = Number(new URL(await app.listen()).port);
    const sockets = await Promise.all(Array.from({ length: SLOW }, () => openSlow(port, bigPost('/webhooks/sentry'))));
    const closed = sockets.map(untilClosed);
    const health = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(health.status).toBe(200);
    const answers = await Promise.all(closed);
    // every slow socket was closed by the server (408, or a plain close) without any body
    for (const text of answers) expect(text === '' || text.startsWith('HTTP/1.1 408')).toBe(true);
  }, 15_000);

  it('answers a token-rule source 401 from the headers alone, before any body is sent', async () => {
    app = await createTestApp({ env: { FIREBREAK_WEBHOOK_TOKEN: 'webhook-token' } });
    const port = Number(new URL(await app.listen()).port);
    const socket = await openSlow(port, bigPost('/webhooks/alertmanager', 'Authorization: Bearer wrong\r\n'));
    const text = await untilClosedOrAnswered(socket);
    expect(text).toMatch(/^HTTP\/1\.1 401/);
    expect(text).toContain('wrong webhook token');
    socket.destroy();
  });

  it('caps unauthenticated bodies read at once: the next one gets 503 with Retry-After', async () => {
    app = await createTestApp({ env: { ...SIGNING_ENV }, app: { http: { maxUnauthenticatedBodies: 3 } } });
    const port = Number(new URL(await app.listen()).port);
    const held = await Promise.all(Array.from({ length: 3 }, () => openSlow(port, bigPost('/webhooks/grafana'))));
    // the three are being read; wait until the server has taken all of them
    let answer = { status: 0, text: '' };
    for (let i = 0; i < 50 && answer.status !== 503; i++) {
      answer = await rawRequest(port, 'POST /webhooks/grafana HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
      if (answer.status !== 503) await new Promise((r) => setTimeout(r, 20));
    }
    expect(answer.status).toBe(503);
    expect(answer.text.toLowerCase()).toContain('retry-after: 1');
    for (const socket of held) socket.destroy();
    // once they are gone the route reads bodies again (and refuses this one for its missing signature)
    let after = { status: 503, text: '' };
    for (let i = 0; i < 50 && after.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await rawRequest(port, 'POST /webhooks/grafana HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    }
    expect(after.status).toBe(401);
  });
});

function untilClosedOrAnswered(socket: import('node:net').Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\r\n\r\n') && text.includes('}')) resolve(text);
    });
    socket.on('error', () => resolve(text)); // a reset after the answer: the text is what matters
    socket.on('close', () => resolve(text));
  });
}
