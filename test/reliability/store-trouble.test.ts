/**
 * The database full, read-only or closed: intake answers 503, every chat answers a command with
 * one clear private sentence, background work logs its errors and carries on by itself once the
 * store is back — no restart.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_TROUBLE_TEXT } from '../../src/core/store-trouble.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';
import { post } from '../http/helpers.js';
import { slashCommand, startSlack, type SlackHarness } from '../chat/slack/slack-harness.js';
import { INCIDENTS, slash, startDiscordApp, until as untilDiscord, type DiscordTestApp } from '../chat/discord/discord-app.js';

let app: TestApp | undefined;
let h: SlackHarness | undefined;
let d: DiscordTestApp | undefined;
afterEach(async () => {
  await app?.close();
  await h?.close();
  await d?.close();
  d = undefined;
  app = undefined;
  h = undefined;
});

const readOnly = (a: TestApp, on: boolean) => sql.raw(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`).execute(a.store.db);
const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: () => boolean | Promise<boolean>, label: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await what()) return;
    await realSleep(25);
  }
  throw new Error(`timed out waiting for ${label}`);
}

describe('store trouble', () => {
  it('a full database (max_page_count reached): intake 503 with Retry-After, then 202 once there is room', async () => {
    app = await createTestApp();
    expect((await post(app, 'generic', { title: 'Before', dedupKey: 'a' })).statusCode).toBe(202);
    const [{ page_count: pages }] = (await sql<{ page_count: number }>`PRAGMA page_count`.execute(app.store.db)).rows as [{ page_count: number }];
    await sql.raw(`PRAGMA max_page_count = ${pages}`).execute(app.store.db);

    const big = { title: 'Disk full', dedupKey: 'b', summary: 'x'.repeat(200_000) };
    const refused = await post(app, 'generic', big);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(app.logs.some((l) => l.msg === 'store unavailable' && JSON.stringify(l.err).includes('database or disk is full'))).toBe(true);

    await sql.raw(`PRAGMA max_page_count = ${pages * 1000}`).execute(app.store.db);
    const retried = await post(app, 'generic', big);
    expect(retried.statusCode).toBe(202);
    expect(await app.store.listIncidents()).toHaveLength(2);
  });

  it('a console command while the database is read-only answers 503 with a clear message, and works once it is writable', async () => {
    app = await createTestApp();
    await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    const command = (text: string) =>
      app!.server.inject({ method: 'POST', url: '/console/api/command', headers: { cookie: 'fb_name=Alice', 'content-type': 'application/json' }, payload: { text } });
    await readOnly(app, true);
    const refused = await command('note INC-1 rolled back');
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toEqual({ error: 'store_unavailable', message: STORE_TROUBLE_TEXT });
    expect(app.logs.some((l) => l.msg === 'web console request hit store trouble')).toBe(true);

    await readOnly(app, false);
    expect((await command('note INC-1 rolled back')).statusCode).toBe(200);
  });

  it('a Slack command while the database is read-only gets the same clear ephemeral answer, and nothing is half done', async () => {
    h = await startSlack();
    await readOnly(h.app, true);
    await slashCommand(h, 'note INC-1 hello');
    const ephemeral = h.fake.callsOf('chat.postEphemeral').at(-1);
    expect(ephemeral?.args.text).toBe(STORE_TROUBLE_TEXT);
    expect(h.app.logs.some((l) => l.msg === 'slack interaction failed before it was stored')).toBe(true);
    await readOnly(h.app, false);
    expect(await h.app.store.listIncidents()).toEqual([]);
  });

  it('a Discord command while the database is read-only is answered with the same sentence, privately, instead of timing out', async () => {
    d = await startDiscordApp();
    await sql.raw('PRAGMA query_only = ON').execute(d.app.store.db);
    const interaction = slash(INCIDENTS, 'note', [{ name: 'text', type: 3, value: 'INC-1 hello' }]);
    d.fake.dispatch('INTERACTION_CREATE', interaction);
    const answer = await untilDiscord(() => d!.fake.callbacks.get(interaction.id), 'the answer');
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(answer)).toContain('Firebreak cannot write to its database right now');
    expect(d.app.logs.some((l) => l.msg === 'discord interaction not stored: store trouble')).toBe(true);
    await sql.raw('PRAGMA query_only = OFF').execute(d.app.store.db);
  });

  it('the background loops log store errors and recover by themselves: a reminder due during the trouble fires after it', async () => {
    app = await createTestApp();
    const { id } = await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    await app.interactions.command('ack', ctx('Alice', id));
    await app.scheduler.tick();
    const before = (await threadTexts(app, id)).length;
    app.scheduler.start();

    await readOnly(app, true);
    app.clock.advance(31 * 60_000); // the status-update reminder is due
    await until(() => app!.logs.some((l) => l.msg === 'background pass failed; retrying after a pause' && l.loop === 'timers'), 'the timers loop to log its failure');
    expect((await app.store.timeline(id)).some((e) => e.kind === 'reminder_sent')).toBe(false);

    await readOnly(app, false);
    // the loop sleeps out its failure pause on the app's clock
    await until(async () => {
      app!.clock.advance(1_000);
      return (await app!.store.timeline(id)).some((e) => e.kind === 'reminder_sent');
    }, 'the reminder after recovery');
    await until(async () => (await threadTexts(app!, id)).length > before, 'the reminder in the thread');
    const reminders = (await app.store.timeline(id)).filter((e) => e.kind === 'reminder_sent');
    expect(reminders).toHaveLength(1);
  });
});
