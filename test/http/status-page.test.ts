/** The public status page with a published and an unpublished incident: what shows, what never leaks, who may read it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERATOR_URL, SEV2_START, runSev2 } from '../fakes/sev2-scenario.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

const REMOTE = '203.0.113.7';
const CONSOLE = 'console-token-0123456789';
const asConsole = { authorization: `Bearer ${CONSOLE}` };
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ start: SEV2_START, env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE, FIREBREAK_WEBHOOK_TOKEN: 'webhook-token-0123456789', FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com' } });
});
afterEach(async () => {
  await app.close();
});

const page = (url = '/status') => app.server.inject({ url, remoteAddress: REMOTE, headers: { host: 'firebreak.example.com' } });

async function publishedAndUnpublished(): Promise<{ published: string; hidden: string }> {
  const published = await runSev2({ app, as: (name, id) => ctx(name, id), owner: '<@web:bob|Bob>', webhookHeaders: { authorization: 'Bearer webhook-token-0123456789' } });
  // published after the fact (as commanders often do), and a second incident nobody published
  await app.interactions.command('publish', ctx('Alice', published));
  await app.server.inject({ method: 'POST', url: '/api/incidents', remoteAddress: '127.0.0.1', headers: asConsole, payload: { title: 'Payroll export stuck', severity: 'SEV3', description: 'finance team only' } });
  await app.interactions.command('update Export job restarted by hand', ctx('Dana', 'INC-2'));
  await app.interactions.command('note the API key is in vault secret/payroll', ctx('Dana', 'INC-2'));
  return { published, hidden: 'INC-2' };
}

describe('the status page', () => {
  it('needs no console token, shows the published incident and its public updates, and all systems operational once it is resolved', async () => {
    await publishedAndUnpublished();
    const res = await page();
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('All systems operational');
    expect(html).toContain('<h2>HighErrorRate</h2>');
    expect(html).toContain('Resolved · SEV2');
    const updates = [...html.matchAll(/<li><time datetime="([^"]+)">[^<]+<\/time> ([^<]+)<\/li>/g)].map((m) => [m[1], m[2]]);
    expect(updates).toEqual([
      ['2026-03-04T11:00:00.000Z', 'Resolved: Rolled back payments 2.14; orders recovered at 11:00'],
      ['2026-03-04T10:42:00.000Z', 'Rollback to payments 2.13 done at 10:42; error rate falling.'],
      ['2026-03-04T10:36:00.000Z', 'Identified: orders fail for ~60% of users since 10:30; payments 2.14 exhausts the DB pool. Rolling back.'],
    ]);
  });

  it('says an incident is ongoing while a published one is open', async () => {
    await app.server.inject({ method: 'POST', url: '/api/incidents', remoteAddress: '127.0.0.1', headers: asConsole, payload: { title: 'Checkout slow', severity: 'SEV2' } });
    expect((await page()).body).toContain('All systems operational');
    await app.interactions.command('publish', ctx('Alice', 'INC-1'));
    const html = (await page()).body;
    expect(html).toContain('1 ongoing incident');
    expect(html).toContain('<h2>Checkout slow</h2>');
  });

  it('never shows unpublished incidents, notes, people, labels, alert links or follow-ups', async () => {
    await publishedAndUnpublished();
    for (const body of [(await page()).body, (await page('/status/feed.xml')).body]) {
      for (const hidden of [
        'Payroll export stuck', 'Export job restarted', 'finance team only', 'vault', // the unpublished incident
        'Cause: payments 2.14 exhausts the DB connection pool', // a note
        'Alice', 'Bob', 'Dana', 'Grafana', // people and the source
        'service=orders', 'orders5xx', 'critical', GENERATOR_URL, 'grafana.example.com', // labels, fingerprint, links
        'canary', 'DB pool saturation', // follow-ups
        'INC-2',
      ]) {
        expect(body, hidden).not.toContain(hidden);
      }
    }
  });

  it('publishes an Atom feed of the public updates, newest first', async () => {
    await publishedAndUnpublished();
    const feed = await page('/status/feed.xml');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(feed.body).toContain('<link rel="self" href="https://firebreak.example.com/status/feed.xml"/>');
    const updated = [...feed.body.matchAll(/<entry>.*?<updated>([^<]+)<\/updated>.*?<content type="text">([^<]+)<\/content><\/entry>/g)].map((m) => [m[1], m[2]]);
    expect(updated).toEqual([
      ['2026-03-04T11:00:00.000Z', 'Resolved: Rolled back payments 2.14; orders recovered at 11:00'],
      ['2026-03-04T10:42:00.000Z', 'Rollback to payments 2.13 done at 10:42; error rate falling.'],
      ['2026-03-04T10:36:00.000Z', 'Identified: orders fail for ~60% of users since 10:30; payments 2.14 exhausts the DB pool. Rolling back.'],
    ]);
  });

  it('keeps the console and the API closed to the same remote client', async () => {
    await publishedAndUnpublished();
    for (const url of ['/api/incidents/INC-2', '/incidents/INC-1/timeline', '/console/follow-ups', '/console/metrics']) {
      const res = await page(url);
      expect([401, 302], url).toContain(res.statusCode);
    }
  });

  it('stays behind the console token with status.public: false, for a status page of the team only', async () => {
    await app.close();
    app = await createTestApp({ start: SEV2_START, policy: 'status: { public: false }\n', env: { FIREBREAK_CONSOLE_TOKEN: CONSOLE, FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com' } });
    expect((await page()).statusCode).toBe(302); // to the login form
    expect((await page('/status/feed.xml')).statusCode).toBe(302);
    const signedIn = await app.server.inject({ url: '/status', remoteAddress: REMOTE, headers: { host: 'firebreak.example.com', ...asConsole } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('All systems operational');
  });
});
