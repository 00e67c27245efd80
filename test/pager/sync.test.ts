import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { createTestApp, ctx, FIXTURES, threadTexts, type TestApp } from '../fakes/test-app.js';
import { fixture, threadMessages, visibleText } from '../http/helpers.js';
import { deliverPages, pagerdutyEnv, pagerdutyEvent, postWebhook, sign } from './helpers.js';

let fake: FakePagerDuty;
let app: TestApp;

beforeEach(async () => {
  fake = new FakePagerDuty();
  await fake.start();
  // FIREBREAK_PUBLIC_URL is not loopback, so the API asks even loopback clients for the console token
  app = await createTestApp({ env: pagerdutyEnv(fake, { FIREBREAK_CONSOLE_TOKEN: 'console-token' }) });
});
afterEach(async () => {
  await app.close();
  await fake.close();
});

const kinds = async (id: string) => (await app.store.timeline(id)).map((e) => e.kind);

/** A Firebreak incident paged through Events v2, and the webhook PagerDuty sends for it. */
async function pagedIncident() {
  const incident = await app.service.declare({ title: 'Checkout down', severity: 'SEV1', declaredBy: ctx('Alice').actor, source: 'web' });
  await app.interactions.command('page', ctx('Alice', incident.id));
  await deliverPages(app);
  const pd = fake.incidents[0]!;
  const hook = (type: string, eventId: string, agent: unknown = { id: 'PINTEG', summary: 'Firebreak (Events API v2)', type: 'events_api_v2_inbound_integration_reference' }) =>
    pagerdutyEvent(type, eventId, (b) => {
      Object.assign(b.event.data, { id: pd.id, number: pd.incident_number, html_url: pd.html_url, incident_key: incident.id, status: type.split('.')[1] === 'triggered' ? 'triggered' : type.split('.')[1] });
      b.event.agent = agent;
    });
  return { id: incident.id, pd, hook };
}

describe('acknowledge and resolve, both ways', () => {
  it('from chat to PagerDuty: acknowledging and resolving send acknowledge and resolve with the same key', async () => {
    const { id } = await pagedIncident();
    await app.interactions.action(ACTION.ack, id, ctx('Bob'));
    await deliverPages(app);
    await app.interactions.command('resolve rolled back', ctx('Bob', id));
    await deliverPages(app);
    expect(fake.events.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', id],
      ['acknowledge', id],
      ['resolve', id],
    ]);
    expect(fake.incidents).toEqual([expect.objectContaining({ incident_key: id, status: 'resolved' })]);
  });

  it('an incident never paged tells PagerDuty nothing', async () => {
    const incident = await app.service.declare({ title: 'Quiet', severity: 'SEV3', declaredBy: ctx('Alice').actor, source: 'web' });
    await app.interactions.action(ACTION.ack, incident.id, ctx('Bob'));
    await app.interactions.command('resolve', ctx('Bob', incident.id));
    await deliverPages(app);
    expect(fake.requests).toEqual([]);
  });

  it('from PagerDuty to chat: triggered opens, acknowledged records who, annotated adds the note, priority appears, resolved resolves, reopened reopens', async () => {
    const triggered = await postWebhook(app, fixture('pagerduty/incident.triggered.derived.json'), 'w-1');
    const [id] = triggered.json<{ incidents: string[] }>().incidents;
    expect(id).toBeDefined();
    await postWebhook(app, fixture('pagerduty/incident.acknowledged.derived.json'), 'w-2');
    await postWebhook(app, fixture('pagerduty/incident.annotated.derived.json'), 'w-3');
    await postWebhook(app, fixture('pagerduty/incident.priority_updated.vendor-doc.json'), 'w-4');
    await app.scheduler.tick();

    let incident = await app.service.get(id!);
    expect(incident.acknowledgedAt).not.toBeNull();
    expect(incident.pager).toMatchObject({ id: 'PGR0VU2', number: 2, url: 'https://acme.pagerduty.com/incidents/PGR0VU2', assignee: 'User 123', pagedHere: false });
    const timeline = await app.store.timeline(id!);
    expect(timeline.find((e) => e.kind === 'acknowledged')?.actor).toEqual({ id: 'pager:PLH1HKV', name: 'Tenex Engineer' });
    expect(timeline.find((e) => e.kind === 'note')?.text).toBe('I sure am glad we are using PagerDuty!');
    const texts = await threadTexts(app, id!);
    expect(texts).toEqual(expect.arrayContaining(['✋ Acknowledged in PagerDuty by Tenex Engineer.', '🏷️ Priority set to P1 in PagerDuty by Tenex Engineer.']));
    expect(texts.some((t) => t.startsWith('📝 Note in PagerDuty by Tenex Engineer: I sure am glad'))).toBe(true);
    const [header] = await threadMessages(app, id!);
    // the last event (the vendor's priority_updated example) reports the PagerDuty status as triggered
    expect(visibleText(header!.message)).toContain('📟 [PagerDuty #2](https://acme.pagerduty.com/incidents/PGR0VU2) · triggered · User 123');

    await postWebhook(app, fixture('pagerduty/incident.resolved.derived.json'), 'w-5');
    incident = await app.service.get(id!);
    expect(incident.status).toBe('resolved');
    expect(incident.pager?.status).toBe('resolved');

    await postWebhook(app, pagerdutyEvent('incident.reopened', '01REOPENED', (b) => (b.event.agent = { id: 'PLH1HKV', summary: 'Tenex Engineer' })), 'w-6');
    expect((await app.service.get(id!)).status).toBe('investigating');
    expect(await kinds(id!)).toContain('reopened');

    await deliverPages(app);
    expect(fake.requests).toEqual([]); // nothing that came from PagerDuty is sent back to it
    expect(await app.store.listIncidents()).toHaveLength(1);
  });

  it('escalated, reassigned and a responder request appear in the thread', async () => {
    const [id] = (await postWebhook(app, fixture('pagerduty/incident.triggered.derived.json'), 'w-1')).json<{ incidents: string[] }>().incidents;
    const agent = (b: Record<string, any>) => (b.event.agent = { id: 'PLH1HKV', summary: 'Tenex Engineer' });
    await postWebhook(app, pagerdutyEvent('incident.escalated', '01ESC', (b) => (agent(b), (b.event.data.assignees = [{ summary: 'Level Two' }]))), 'w-2');
    await postWebhook(app, pagerdutyEvent('incident.reassigned', '01REASSIGN', (b) => (agent(b), (b.event.data.assignees = [{ summary: 'Maeve' }]))), 'w-3');
    const responder = JSON.parse(readFileSync(`${FIXTURES}pagerduty/event-data-types.vendor-doc.json`, 'utf8')).incident_responder;
    await postWebhook(app, pagerdutyEvent('incident.responder.added', '01RESP', (b) => (agent(b), (b.event.data = responder))), 'w-4');
    await app.scheduler.tick();
    const texts = await threadTexts(app, id!);
    expect(texts).toEqual(
      expect.arrayContaining([
        '⏫ Escalated in PagerDuty to Level Two by Tenex Engineer.',
        '👤 Reassigned in PagerDuty to Maeve by Tenex Engineer.',
        '🙋 Responder requested in PagerDuty by Tenex Engineer: Maeve: “Please help me make the tests pass”.',
      ]),
    );
    expect((await app.service.get(id!)).pager?.assignee).toBe('Maeve');
  });
});

describe('the echo guard', () => {
  it("Firebreak's own page, acknowledge and resolve coming back link the incident without echoing into chat", async () => {
    const { id, pd, hook } = await pagedIncident();
    expect((await postWebhook(app, hook('incident.triggered', 'E1'), 'w-1')).json()).toMatchObject({ incidents: [id] });
    await app.interactions.action(ACTION.ack, id, ctx('Bob'));
    await deliverPages(app);
    await postWebhook(app, hook('incident.acknowledged', 'E2'), 'w-2');
    await app.interactions.command('resolve rolled back', ctx('Bob', id));
    await deliverPages(app);
    await postWebhook(app, hook('incident.resolved', 'E3'), 'w-3');
    await app.scheduler.tick();

    expect(await app.store.listIncidents()).toHaveLength(1); // the page's own PagerDuty incident opens nothing new
    const incident = await app.service.get(id);
    expect(incident.pager).toMatchObject({ id: pd.id, url: pd.html_url, status: 'resolved', pagedHere: true });
    const timeline = await app.store.timeline(id);
    expect(timeline.filter((e) => e.kind === 'acknowledged').map((e) => e.actor.name)).toEqual(['Bob']);
    expect(timeline.filter((e) => e.kind === 'resolved').map((e) => e.actor.name)).toEqual(['Bob']);
    expect(timeline.filter((e) => e.kind === 'pager_event')).toEqual([]);
    const texts = await threadTexts(app, id);
    expect(texts.filter((t) => /in PagerDuty/.test(t))).toEqual([]);
    expect(texts.some((t) => t.startsWith(`📟 PagerDuty opened PagerDuty #1`))).toBe(true);
    expect(fake.events.map((e) => e.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']); // and nothing sent twice
  });
});

describe('webhook authenticity and replays', () => {
  it('signature rotation: a body signed with either configured secret is accepted, any other is refused', async () => {
    const vector = JSON.parse(fixture('pagerduty/signature-test-vector.json').toString()) as { secret: string; header_valid: string; header_mismatch: string };
    const body = fixture('pagerduty/signature-test-vector.body.json');
    await app.close();
    app = await createTestApp({ env: pagerdutyEnv(fake, { PAGERDUTY_WEBHOOK_SECRETS: `new-secret-after-rotation,${vector.secret}` }) });

    expect((await postWebhook(app, body, 'w-old', vector.header_valid)).statusCode).toBe(202);
    const other = pagerdutyEvent('incident.priority_updated', '01OTHER');
    expect((await postWebhook(app, other, 'w-new', sign(other, 'new-secret-after-rotation'))).statusCode).toBe(202);
    expect((await postWebhook(app, other, 'w-both', sign(other, 'unknown', 'new-secret-after-rotation'))).statusCode).toBe(202);
    expect((await postWebhook(app, body, 'w-bad', vector.header_mismatch)).statusCode).toBe(401);
    expect((await postWebhook(app, other, 'w-unknown', sign(other, 'retired-long-ago'))).statusCode).toBe(401);
  });

  it('a signed body replayed with a fresh X-Webhook-Id does nothing', async () => {
    const [id] = (await postWebhook(app, fixture('pagerduty/incident.triggered.derived.json'), 'w-1')).json<{ incidents: string[] }>().incidents;
    const note = fixture('pagerduty/incident.annotated.derived.json');
    await postWebhook(app, note, 'w-2');

    const replay = await postWebhook(app, note, 'w-fresh-unsigned-id');

    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ duplicate: true });
    expect((await kinds(id!)).filter((k) => k === 'note')).toHaveLength(1);
  });

  it('GET /api/incidents/:id shows the PagerDuty incident', async () => {
    const [id] = (await postWebhook(app, fixture('pagerduty/incident.acknowledged.derived.json'), 'w-1')).json<{ incidents: string[] }>().incidents;
    const res = await app.server.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: { authorization: 'Bearer console-token' } });
    expect(res.json().incident ?? res.json()).toMatchObject({
      pager: { name: 'PagerDuty', id: 'PGR0VU2', number: 2, url: 'https://acme.pagerduty.com/incidents/PGR0VU2', status: 'acknowledged', assignee: 'User 123', pagedByFirebreak: false },
    });
  });
});
