/** Shared set-up of the PagerDuty tests: a fake PagerDuty, the env that points Firebreak at it, signed webhooks. */
import { createHmac } from 'node:crypto';
import type { FirebreakApp } from '../../src/app.js';
import type { TestApp } from '../fakes/test-app.js';
import type { FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { fixture } from '../http/helpers.js';

export const WEBHOOK_SECRET = 'current-pagerduty-secret';
export const ROUTING_KEY = 'R0UT1NGKEYDEFAULT00000000000000';

export function pagerdutyEnv(fake: FakePagerDuty, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
    PAGERDUTY_EVENTS_URL: fake.url,
    PAGERDUTY_API_TOKEN: 'pd-api-token',
    PAGERDUTY_API_URL: fake.url,
    PAGERDUTY_FROM_EMAIL: 'firebreak@example.com',
    PAGERDUTY_WEBHOOK_SECRETS: `retired-pagerduty-secret,${WEBHOOK_SECRET}`,
    FIREBREAK_PUBLIC_URL: 'https://firebreak.example',
    ...extra,
  };
}

/** Timers and chat, then the page sender's own loop, then the chat messages it caused. */
export async function deliverPages(app: FirebreakApp): Promise<void> {
  await app.scheduler.tick();
  await app.pageSender!.tick();
  await app.scheduler.tick();
}

/** Lets the page sender work through retries: moves the clock to each retry's due time, up to `maxMs`. */
export async function sendWithRetries(app: TestApp, maxMs = 30 * 60_000): Promise<void> {
  const until = app.clock.now() + maxMs;
  for (;;) {
    await app.pageSender!.tick();
    const next = await app.pageTable.nextPageDueAt();
    if (next === undefined || next > until) break;
    app.clock.set(Math.max(next, app.clock.now()));
  }
  await app.scheduler.tick();
}

type Json = Record<string, any>;

/** A V3 webhook body for the fixture incident (PGR0VU2), as `eventType`, with edits. */
export function pagerdutyEvent(eventType: string, eventId: string, edit: (body: Json) => void = () => {}): Buffer {
  const body = JSON.parse(fixture('pagerduty/incident.triggered.derived.json').toString('utf8')) as Json;
  body.event.event_type = eventType;
  body.event.id = eventId;
  edit(body);
  return Buffer.from(JSON.stringify(body));
}

export function sign(body: Buffer, ...secrets: string[]): string {
  return secrets.map((s) => `v1=${createHmac('sha256', s).update(body).digest('hex')}`).join(',');
}

export async function postWebhook(app: FirebreakApp, body: Buffer, webhookId: string, signature = sign(body, WEBHOOK_SECRET)) {
  return app.server.inject({
    method: 'POST',
    url: '/webhooks/pagerduty',
    headers: { 'content-type': 'application/json', 'user-agent': 'PagerDuty-Webhook/V3.0', 'x-webhook-id': webhookId, 'x-pagerduty-signature': signature },
    payload: body,
  });
}
