import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { createPagerDutyPager } from '../../src/pager/create-pager.js';
import { FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';
import { deliverPages, pagerdutyEnv, ROUTING_KEY, sendWithRetries } from './helpers.js';

const MIN = 60_000;
let fake: FakePagerDuty;
let app: TestApp;

beforeEach(async () => {
  fake = new FakePagerDuty();
  await fake.start();
});
afterEach(async () => {
  await app?.close();
  await fake.close();
});

async function declare(severity: string | null, description = 'Checkout returns 500 for every user') {
  const incident = await app.service.declare({ title: 'Checkout down', description, severity, declaredBy: ctx('Alice').actor, source: 'web' });
  await app.scheduler.tick();
  return incident.id;
}

const kinds = async (id: string) => (await app.store.timeline(id)).map((e) => e.kind);

describe('paging through PagerDuty Events v2', () => {
  it('page by command: queued with the command, sent by the page sender with the incident as dedup key', async () => {
    app = await createTestApp({ env: pagerdutyEnv(fake) });
    const id = await declare('SEV1');
    await app.interactions.command('assign commander @Bob', ctx('Alice', id));

    const reply = await app.interactions.command('page', ctx('Alice', id));

    expect(reply.message?.text).toContain('Paging through PagerDuty');
    expect(fake.events).toHaveLength(0); // queued in the command's transaction, not sent inline
    await deliverPages(app);
    expect(fake.events).toEqual([
      {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        dedup_key: id,
        payload: {
          summary: `${id} Checkout down (SEV1)`,
          source: 'firebreak.example',
          severity: 'critical',
          custom_details: { incident: id, severity: 'SEV1', impact: 'Checkout returns 500 for every user', commander: 'Bob', status: 'investigating' },
        },
        client: 'Firebreak',
        client_url: `https://firebreak.example/incidents/${id}`,
        links: [{ href: `https://firebreak.example/incidents/${id}`, text: `${id} in Firebreak (thread and timeline)` }],
      },
    ]);
    expect((await threadTexts(app, id)).some((t) => t.startsWith('📟 Paged the on-call through PagerDuty'))).toBe(true);
    expect(await kinds(id)).toEqual(expect.arrayContaining(['page_queued', 'paged']));
  });

  it('page <service> uses the policy routing key and severity mapping', async () => {
    const policy = 'pagerduty:\n  services: { checkout: R-CHECKOUT }\n  severities: { SEV2: critical }\n';
    app = await createTestApp({ env: pagerdutyEnv(fake), policy });
    const incident = await app.service.declare({ title: 'Checkout slow', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    await app.interactions.command('page checkout', ctx('Alice', incident.id));
    await app.interactions.command('page', ctx('Alice', incident.id));
    await deliverPages(app);
    expect(fake.events.map((e) => [e.routing_key, e.payload.severity])).toEqual([
      ['R-CHECKOUT', 'critical'],
      [ROUTING_KEY, 'critical'],
    ]);
  });

  it('page by escalation: queued with the escalation, sent by the page sender', async () => {
    app = await createTestApp({ env: pagerdutyEnv(fake), policy: 'escalation:\n  contacts: ["@sre-leads"]\n' });
    const id = await declare('SEV2');
    app.clock.advance(30 * MIN);
    await app.scheduler.tick();
    expect(fake.events).toHaveLength(0);
    expect(await kinds(id)).toEqual(expect.arrayContaining(['escalated', 'page_queued']));

    await deliverPages(app);

    expect(fake.events).toEqual([expect.objectContaining({ event_action: 'trigger', dedup_key: id, payload: expect.objectContaining({ severity: 'error' }) })]);
    expect(await kinds(id)).toContain('paged');
  });

  it('503 three times, then 202: one PagerDuty incident, paged once', async () => {
    app = await createTestApp({ env: pagerdutyEnv(fake) });
    const id = await declare('SEV1');
    fake.failNext('/v2/enqueue', { status: 503 }, 3);

    await app.interactions.command('page', ctx('Alice', id));
    await sendWithRetries(app);

    expect(fake.calls('/v2/enqueue')).toHaveLength(4);
    expect(fake.incidents).toHaveLength(1);
    expect(fake.events).toHaveLength(1);
    const texts = await threadTexts(app, id);
    expect(texts.filter((t) => t.startsWith('📟 Paged'))).toHaveLength(1);
    expect(texts.some((t) => t.includes('failed'))).toBe(false);
    expect((await kinds(id)).filter((k) => k === 'paged')).toHaveLength(1);
  });

  it('429 waits as long as Retry-After says', async () => {
    app = await createTestApp({ env: pagerdutyEnv(fake) });
    const id = await declare('SEV1');
    fake.failNext('/v2/enqueue', { status: 429, retryAfter: '120' });
    await app.interactions.command('page', ctx('Alice', id));
    await app.pageSender!.tick();
    app.clock.advance(119_000);
    await app.pageSender!.tick();
    expect(fake.calls('/v2/enqueue')).toHaveLength(1);
    app.clock.advance(1_000);
    await app.pageSender!.tick();
    expect(fake.events).toHaveLength(1);
  });

  it('a request that hangs times out and is retried', async () => {
    const env = pagerdutyEnv(fake);
    app = await createTestApp({ env });
    const pager = createPagerDutyPager(app.config.pagerduty, { clock: app.clock, publicUrl: app.config.http.publicUrl, timeoutMs: 200 });
    await app.close();
    app = await createTestApp({ env, app: { pager } });
    const id = await declare('SEV1');
    fake.failNext('/v2/enqueue', { hang: true });
    await app.interactions.command('page', ctx('Alice', id));
    await sendWithRetries(app);
    expect(fake.calls('/v2/enqueue')).toHaveLength(2);
    expect(fake.events).toHaveLength(1);
    expect((await app.pageTable.pagesOf(id))[0]).toMatchObject({ sentAt: expect.any(Number), lastError: expect.stringContaining('timed out') });
  });

  it('a page that finally fails is shown in the thread, on the timeline and in the header, with the escalation contacts', async () => {
    app = await createTestApp({ env: pagerdutyEnv(fake), policy: 'escalation:\n  contacts: ["@sre-leads", "slack:U42"]\n' });
    const id = await declare('SEV1');
    fake.failNext('/v2/enqueue', { status: 503 }, 20);
    await app.interactions.command('page', ctx('Alice', id));
    await sendWithRetries(app, 60 * MIN);

    const failed = (await threadTexts(app, id)).find((t) => t.includes('Nobody was paged'));
    expect(failed).toContain('PagerDuty answered 503');
    expect(failed).toContain('Escalation contacts: @sre-leads, @U42');
    expect(await kinds(id)).toContain('page_failed');
    expect((await app.service.get(id)).pager).toMatchObject({ status: 'failed' });
    const root = (await app.store.webMessages.list({ channel: 'incidents', threadId: null })).find((r) => r.incidentId === id)!;
    expect(JSON.stringify(root.message.blocks)).toContain('page failed');
  });

  it('a crash after the escalation commit and before the page: paged after the restart', async () => {
    const env = pagerdutyEnv(fake);
    const dir = mkdtempSync(join(tmpdir(), 'firebreak-crash-'));
    try {
      app = await createTestApp({ env, dir });
      const id = await declare('SEV1');
      app.clock.advance(15 * MIN);
      await app.scheduler.tick(); // the escalation is committed with its page queued…
      const crashedAt = app.clock.now();
      await app.stop(); // …and the process goes away before the page sender ran
      expect(fake.calls('/v2/enqueue')).toHaveLength(0);

      app = await createTestApp({ env, dir, start: new Date(crashedAt + MIN).toISOString() });
      await deliverPages(app);

      expect(fake.events).toEqual([expect.objectContaining({ event_action: 'trigger', dedup_key: id })]);
      expect(await kinds(id)).toEqual(expect.arrayContaining(['escalated', 'page_queued', 'paged']));
    } finally {
      await app.close();
      app = undefined as unknown as TestApp;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('page @user opens a PagerDuty incident assigned to that person through the REST API', async () => {
    fake.users = [{ id: 'PUSER1', summary: 'Dana Scully', name: 'Dana Scully', email: 'dana@example.com' }];
    app = await createTestApp({ env: pagerdutyEnv(fake), policy: 'pagerduty:\n  personService: PSVC123\n' });
    const id = await declare('SEV2');
    await app.interactions.command('page @dana', ctx('Alice', id));
    await deliverPages(app);

    const [created] = fake.calls('/incidents');
    expect(created?.headers.from).toBe('firebreak@example.com');
    expect(created?.headers.authorization).toBe('Token token=pd-api-token');
    expect(created?.body.incident).toMatchObject({ incident_key: id, service: { id: 'PSVC123' }, assignments: [{ assignee: { id: 'PUSER1', type: 'user_reference' } }] });
    expect((await app.service.get(id)).pager).toMatchObject({ id: 'PINC1', number: 1, assignee: 'Dana Scully', url: 'https://acme.pagerduty.com/incidents/PINC1' });

    await app.interactions.action(ACTION.ack, id, ctx('Bob'));
    await deliverPages(app);
    expect(fake.calls('/incidents/PINC1')).toEqual([expect.objectContaining({ method: 'PUT', body: { incident: { type: 'incident_reference', status: 'acknowledged' } } })]);
  });

  it('without a pager the thread says nobody was paged, and nothing is queued', async () => {
    app = await createTestApp();
    const id = await declare('SEV1');
    const reply = await app.interactions.command('page', ctx('Alice', id));
    await app.scheduler.tick();
    expect(reply.message?.text).toContain('nobody was paged');
    expect((await threadTexts(app, id)).some((t) => t.includes('no pager is configured'))).toBe(true);
    expect(await app.pageTable.pagesOf(id)).toEqual([]);
    expect(app.pageSender).toBeUndefined();
  });
});
