/** Replayed signed deliveries, huge batches and the dead-letter table: each bounded, each refusal a clear 4xx. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEAD_LETTERS_KEPT } from '../../src/store/kysely-store.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, fixture, post, SIGNING_ENV, TEST_NOW_SECONDS, vendorHeaders } from '../http/helpers.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

describe('replay of signed deliveries', () => {
  it('accepts a signed Sentry body once, whatever Request-ID it comes with', async () => {
    app = await createTestApp({ env: { ...SIGNING_ENV } });
    const body = fixture('sentry/issue.created.json');
    const first = await post(app, 'sentry', body, { ...vendorHeaders('sentry', body, 'issue'), 'request-id': 'a' });
    expect(first.statusCode).toBe(202);
    const again = await post(app, 'sentry', body, { ...vendorHeaders('sentry', body, 'issue'), 'request-id': 'b' });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ accepted: 0, duplicate: true });
    expect(await app.store.listIncidents()).toHaveLength(1);
  });

  it('refuses Sentry and Grafana deliveries whose timestamp is more than 5 minutes old', async () => {
    app = await createTestApp({ env: { ...SIGNING_ENV } });
    const stale = String(Number(TEST_NOW_SECONDS) - 301);
    const sentry = fixture('sentry/issue.created.json');
    const old = await post(app, 'sentry', sentry, vendorHeaders('sentry', sentry, 'issue', stale));
    expect(old.statusCode).toBe(401);
    expect(old.json().message).toMatch(/5 minutes/);
    const grafana = fixture('grafana/webhook-firing.vendor-doc.json');
    expect((await post(app, 'grafana', grafana, vendorHeaders('grafana', grafana, '', stale))).statusCode).toBe(401);
    expect((await post(app, 'grafana', grafana, vendorHeaders('grafana', grafana, '', String(Number(TEST_NOW_SECONDS) - 120)))).statusCode).toBe(202);
    // the same signed Grafana request again is a replay
    expect((await post(app, 'grafana', grafana, vendorHeaders('grafana', grafana, '', String(Number(TEST_NOW_SECONDS) - 120)))).json()).toMatchObject({ duplicate: true });
  });
});

describe('huge batches', () => {
  it('answers 413 with the reason above 1,000 alerts in one request, and takes 1,000', async () => {
    app = await createTestApp();
    const specs = (n: number) => Array.from({ length: n }, (_, i) => ({ fingerprint: `f${i}` }));
    const tooMany = await post(app, 'alertmanager', amGroup('Storm', specs(1001)));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ error: 'too_many_alerts', message: expect.stringContaining('at most 1000') });
    expect(await app.store.listIncidents()).toEqual([]);
    const most = await post(app, 'alertmanager', amGroup('Storm', specs(1000)));
    expect(most.statusCode).toBe(202);
    expect(most.json()).toMatchObject({ accepted: 1000 });
    expect((await app.server.inject({ url: '/healthz' })).statusCode).toBe(200);
  }, 30_000);
});

describe('dead letters', () => {
  it('keep a redacted 4 KiB head with the size and sha256 of the body', async () => {
    app = await createTestApp({ env: { FIREBREAK_WEBHOOK_TOKEN: 'statuscake-account-token' } });
    const form = `Token=statuscake-account-token&Status=Exploded&Name=${'x'.repeat(9000)}`;
    const res = await post(app, 'statuscake', form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(400);
    const [letter] = await app.store.listDeadLetters();
    expect(letter!.body).not.toContain('statuscake-account-token');
    expect(letter!.body).toMatch(/^Token=\[redacted\]&Status=Exploded/);
    expect(Buffer.byteLength(letter!.body)).toBeLessThan(4096 + 100);
    expect(letter!.headers).toMatchObject({ 'firebreak-body-bytes': String(form.length), 'firebreak-body-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) });
    const json = await post(app, 'generic', { title: '', api_key: 'k-123456', nested: { password: 'hunter22' } }, { authorization: 'Bearer statuscake-account-token' });
    expect(json.statusCode).toBe(400);
    const [kept] = await app.store.listDeadLetters(1);
    expect(kept!.body).not.toMatch(/k-123456|hunter22|statuscake-account-token/);
  });

  it('are pruned by count and age, and paged with a bounded limit', async () => {
    app = await createTestApp();
    const letter = (receivedAt: number) => ({ source: 'generic', reason: 'junk', headers: {}, body: 'x', receivedAt });
    const old = await app.store.addDeadLetter(letter(app.clock.now() - 8 * 24 * 60 * 60_000));
    await app.store.addDeadLetter(letter(app.clock.now()));
    expect((await app.store.listDeadLetters(10)).map((l) => l.id)).not.toContain(old);
    await Promise.all(Array.from({ length: DEAD_LETTERS_KEPT + 5 }, () => app.store.addDeadLetter(letter(app.clock.now()))));
    expect(await app.store.listDeadLetters(5000)).toHaveLength(DEAD_LETTERS_KEPT);

    const page = await app.server.inject({ url: '/api/dead-letters?limit=2' });
    const first = page.json() as { deadLetters: { id: number }[]; next: string };
    expect(first.deadLetters).toHaveLength(2);
    const second = (await app.server.inject({ url: first.next })).json() as { deadLetters: { id: number }[] };
    expect(second.deadLetters[0]!.id).toBeLessThan(first.deadLetters[1]!.id);
    expect((await app.server.inject({ url: '/api/dead-letters?limit=1000' })).statusCode).toBe(400);
    expect((await app.server.inject({ url: '/api/dead-letters?before=abc' })).statusCode).toBe(400);
  }, 30_000);
});
