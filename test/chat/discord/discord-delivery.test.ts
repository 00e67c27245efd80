/**
 * Delivery to Discord through the outbox: a crash between the header and its thread resumes, a
 * re-post after a lost answer is deduplicated by its nonce, alert text pings nobody, a 429 holds
 * only its own lane, an archived thread is unarchived, a locked one is reported and not retried.
 */
import { afterEach, expect, it } from 'vitest';
import { ctx } from '../../fakes/test-app.js';
import { INCIDENTS, STATUS, deliver, postAlert, startDiscordApp, type DiscordTestApp } from './discord-app.js';

let t: DiscordTestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const headerPost = (c: { method: string; path: string }) => c.method === 'POST' && c.path === `/channels/${INCIDENTS}/messages`;
const threadStart = (c: { method: string; path: string }) => c.method === 'POST' && c.path.endsWith('/threads');

it('resumes a thread opening that crashed after the header: one header, one thread', async () => {
  t = await startDiscordApp({ listen: false });
  const { app, fake } = t;
  // Discord starts the thread but the answer is lost, on every try of the REST client.
  fake.failOnce(threadStart, 500, undefined, { after: true, times: 3 });
  await postAlert(app, { title: 'Checkout error rate above 5%' });
  await app.scheduler.tick();
  expect(fake.messagesIn(INCIDENTS)).toHaveLength(1);
  expect(fake.calls.filter(threadStart)).toHaveLength(3);
  expect(await app.store.outbox.getMessageRef('discord', 'INC-1', 'thread')).toBeUndefined();

  app.clock.advance(5_000);
  await deliver(app, 4);
  expect(fake.calls.filter(headerPost)).toHaveLength(1); // the retry only starts the thread
  expect(fake.messagesIn(INCIDENTS)).toHaveLength(1);
  expect(fake.threads.size).toBe(1);
  const header = fake.messagesIn(INCIDENTS)[0]!;
  expect(await app.store.outbox.getMessageRef('discord', 'INC-1', 'thread')).toEqual({ channelId: header.id, messageId: header.id, threadId: header.id });
  expect(fake.messagesIn(header.id).length).toBeGreaterThan(0); // the thread's messages went into the thread
  expect(await app.store.outbox.incidentOfThread('discord', header.id, header.id)).toBe('INC-1');
});

it('re-posts a header whose answer was lost with the same nonce: Discord keeps one', async () => {
  t = await startDiscordApp({ listen: false });
  const { app, fake } = t;
  fake.failOnce(headerPost, 502, undefined, { after: true, times: 3 });
  await postAlert(app, { title: 'Checkout error rate above 5%' });
  await deliver(app, 2);
  app.clock.advance(5_000);
  await deliver(app, 4);
  const posts = fake.calls.filter(headerPost);
  expect(posts.length).toBeGreaterThan(3);
  expect(new Set(posts.map((p) => p.body.nonce)).size).toBe(1);
  expect(fake.messagesIn(INCIDENTS)).toHaveLength(1);
  expect(fake.threads.size).toBe(1);
});

it('never lets alert text ping: @everyone and a role in a title mention nobody', async () => {
  t = await startDiscordApp({ listen: false });
  const { app, fake } = t;
  await postAlert(app, { title: '@everyone <@&123456789012345678> checkout down @here' });
  await deliver(app);
  const posts = fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
  expect(posts.length).toBeGreaterThan(2);
  for (const post of posts) {
    expect(post.body.allowed_mentions).toEqual({ parse: [], users: [], roles: [] });
    expect(post.body.content).not.toMatch(/(?<!\\)<@&/);
    expect(post.body.content).not.toMatch(/@everyone|@here/);
  }
  expect(fake.messagesIn(INCIDENTS)[0]!.content).toContain('@\u200beveryone \\<@&123456789012345678\\>');
});

it('holds only the rate-limited lane on a 429 and delivers it after retry_after', async () => {
  t = await startDiscordApp({ listen: false });
  const { app, fake } = t;
  fake.rateLimitOnce(headerPost, 0.2);
  await postAlert(app, { title: 'Checkout error rate above 5%' });
  await app.scheduler.tick();
  expect(fake.messagesIn(STATUS)).toHaveLength(1); // the broadcast went on
  expect(fake.messagesIn(INCIDENTS)).toHaveLength(0);
  const retry = app.logs.find((l) => l.msg === 'chat delivery failed; will retry') as { retryInMs: number };
  expect(retry.retryInMs).toBeGreaterThanOrEqual(200); // Retry-After (whole seconds) and discord.js's offset
  expect(retry.retryInMs).toBeLessThanOrEqual(1_100);
  await new Promise((r) => setTimeout(r, retry.retryInMs + 50)); // discord.js keeps the bucket's reset on its own clock
  app.clock.advance(retry.retryInMs + 50);
  await deliver(app);
  expect(fake.messagesIn(INCIDENTS)).toHaveLength(1);
  expect(fake.threads.size).toBe(1);
});

it('unarchives an archived thread when the incident gets activity; reports a locked one', async () => {
  t = await startDiscordApp({ listen: false });
  const { app, fake } = t;
  await postAlert(app, { title: 'Checkout error rate above 5%' });
  await deliver(app);
  const thread = [...fake.threads.values()][0]!;
  thread.archived = true;
  await app.interactions.command('note INC-1 rolled back the canary', ctx('Ann'));
  await deliver(app);
  const calls = fake.log().filter((c) => c.startsWith(`POST /channels/${thread.id}/`) || c === `PATCH /channels/${thread.id}`).slice(-3);
  expect(calls).toEqual([`POST /channels/${thread.id}/messages`, `PATCH /channels/${thread.id}`, `POST /channels/${thread.id}/messages`]);
  expect(thread.archived).toBe(false);
  expect(fake.messagesIn(thread.id).at(-1)!.content).toContain('rolled back the canary');

  thread.locked = true;
  const before = fake.calls.length;
  await app.interactions.command('note INC-1 second note', ctx('Ann'));
  await deliver(app);
  app.clock.advance(10 * 60_000);
  await deliver(app);
  expect(fake.calls.slice(before).filter((c) => c.path === `/channels/${thread.id}/messages`)).toHaveLength(1);
  expect(app.logs.find((l) => l.msg === 'chat refused a message; giving up on it')).toBeDefined();
});
