/**
 * The scripted incident of the Slack test, in Discord: alert → thread → triage → ack → runbook →
 * update → resolve → post-mortem, driven through the real discord.js client over a fake gateway,
 * asserting on the REST calls the fake Discord received, in order. A gateway disconnect in the
 * middle (discord.js resumes) and a replayed interaction change nothing anyone sees.
 */
import { afterEach, expect, it } from 'vitest';
import type { FakeDiscord } from '../../fakes/fake-discord.js';
import { BOB, INCIDENTS, STATUS, click, deliver, interact, postAlert, slash, startDiscordApp, submit, until, withComponent, type DiscordTestApp } from './discord-app.js';

let t: DiscordTestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The calls since `from`, with channel ids named (`#incidents`, `#status`, `thread`) and tokens hidden. */
function callsSince(fake: FakeDiscord, from: number, thread: string): string[] {
  return fake.calls.slice(from).map((c) =>
    `${c.method} ${c.path}`
      .replaceAll(INCIDENTS, '#incidents')
      .replaceAll(STATUS, '#status')
      .replaceAll(thread, 'thread')
      .replace(/\/interactions\/\d+\/[^/]+\/callback/, '/interactions/…/callback')
      .replace(/\/webhooks\/\d+\/[^/]+/, '/webhooks/…'),
  );
}

it('runs a whole incident in Discord: the calls arrive in order, once each', async () => {
  t = await startDiscordApp();
  const { app, fake } = t;
  expect(fake.identifies[0].intents & (1 | 512 | 1024)).toBe(1 | 512 | 1024); // guilds, guild messages, reactions
  expect(fake.identifies[0].intents & 32768).toBe(0); // no message content unless configured

  // Alert → header in #incidents, a thread started on it, triage asked in the thread.
  await postAlert(app, { title: 'Checkout error rate above 5%', dedupKey: 'checkout-5xx' });
  await deliver(app);
  expect(fake.threads.size).toBe(1);
  const thread = [...fake.threads.values()][0]!;
  expect(thread).toMatchObject({ parent_id: INCIDENTS, name: 'INC-1 · Checkout error rate above 5%', auto_archive_duration: 10080 });
  const opened = callsSince(fake, 0, thread.id).filter((c) => !c.startsWith('GET /gateway') && !/^GET \/channels\/#(incidents|status)$/.test(c)); // start-up channel checks
  expect(opened.slice(0, 4)).toEqual([
    'POST /channels/#status/messages',
    'POST /channels/#incidents/messages',
    'POST /channels/#incidents/messages/thread/threads' /* the thread has its header's id */,
    'POST /channels/thread/messages',
  ]);

  // Triage: the first answer of the decision tree, clicked in the thread.
  let mark = fake.calls.length;
  const triage = withComponent(fake, thread.id, 'fb.triage.answer')!;
  expect(await interact(t, click(triage.message, triage.customId))).toEqual({ type: 6 });
  await deliver(app);
  expect(callsSince(fake, mark, thread.id)).toEqual([
    'POST /interactions/…/callback',
    'POST /channels/#status/messages',
    `PATCH /channels/thread/messages/${triage.message.id}`,
    'PATCH /channels/#incidents/messages/thread',
  ]);
  expect(fake.messages.get(thread.id)!.embeds[0].fields[0].value).toContain('SEV1');

  // Ack by Bob from the header's button: a private answer, a line in the thread, the header edited.
  mark = fake.calls.length;
  const ack = withComponent(fake, INCIDENTS, 'fb.ack')!;
  const ackClick = click(ack.message, ack.customId, BOB);
  await interact(t, ackClick);
  await deliver(app);
  expect(callsSince(fake, mark, thread.id)).toEqual([
    'POST /interactions/…/callback',
    'POST /webhooks/…',
    'POST /channels/thread/messages',
    'PATCH /channels/#incidents/messages/thread',
  ]);
  const followUp = fake.calls[mark + 1]!.body;
  expect(followUp.flags).toBe(64);
  expect(followUp.content).toContain("You're on INC-1");

  // The gateway drops; a command typed meanwhile arrives after discord.js resumes, and Discord replays the ack click.
  fake.disconnect();
  const runbook = slash(thread.id, 'runbook', [{ name: 'name', type: 3, value: 'error-rate-after-deploy' }]);
  fake.dispatch('INTERACTION_CREATE', runbook);
  fake.dispatch('INTERACTION_CREATE', ackClick);
  await until(() => fake.resumes.length === 1 && fake.connected, 'the gateway to resume');
  expect(fake.resumes[0]).toMatchObject({ token: 'test-token', session_id: 'fake-session' });
  expect(fake.identifies).toHaveLength(1);
  await until(() => fake.callbacks.get(runbook.id), 'the runbook command to be acknowledged');
  await until(async () => (await app.server.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 'readiness after the resume');
  await interact(t, runbook);
  mark = fake.calls.length;
  await deliver(app, 8);
  const checklist = callsSince(fake, mark, thread.id);
  expect(checklist.filter((c) => c === 'POST /channels/thread/messages').length).toBeGreaterThanOrEqual(6); // progress + 5 steps
  expect(fake.messagesIn(thread.id).filter((m) => m.content.includes('is on it'))).toHaveLength(1);

  // A runbook step done.
  const step = withComponent(fake, thread.id, 'fb.runbook.step')!;
  mark = fake.calls.length;
  await interact(t, click(step.message, step.customId));
  await deliver(app);
  expect(callsSince(fake, mark, thread.id)).toContain(`PATCH /channels/thread/messages/${step.message.id}`);
  expect(fake.messages.get(step.message.id)!.edits).toBeGreaterThan(0);

  // A status update: the private answer edits the deferred reply; the thread and #status get it.
  mark = fake.calls.length;
  const update = slash(thread.id, 'update', [{ name: 'text', type: 3, value: 'Rolled back to v142; errors falling.' }]);
  expect(await interact(t, update)).toEqual({ type: 5, data: { flags: 64 } });
  await deliver(app);
  const updated = callsSince(fake, mark, thread.id);
  expect(updated.slice(0, 2)).toEqual(['POST /interactions/…/callback', 'PATCH /webhooks/…/messages/@original']);
  expect(updated).toContain('POST /channels/#status/messages');
  expect(updated).toContain('POST /channels/thread/messages');
  expect(fake.messagesIn(STATUS).at(-1)!.content).toContain('Rolled back to v142');

  // Resolve: the button opens a modal as the first answer (nothing stored); its submission resolves.
  const resolveButton = withComponent(fake, INCIDENTS, 'fb.resolve.open')!;
  const modal = await interact(t, click(resolveButton.message, resolveButton.customId));
  expect(modal).toMatchObject({ type: 9, data: { custom_id: 'fb.modal.resolve|INC-1', title: 'Resolve INC-1' } });
  const resolve = submit(thread.id, modal.data.custom_id, { summary: 'Bad deploy; rolled back.' });
  await interact(t, resolve);
  await deliver(app);
  expect((await app.service.get('INC-1')).status).toBe('resolved');
  expect(fake.messagesIn(STATUS).at(-1)!.content).toContain('Resolved · INC-1');

  // Post-mortem, asked for in the thread.
  await interact(t, slash(thread.id, 'postmortem'));
  await deliver(app);
  expect(fake.messagesIn(thread.id).at(-1)!.content).toContain('Post-mortem draft');

  // One header (edited in place), one thread, every post deduplicable and mention-safe.
  expect(fake.messagesIn(INCIDENTS)).toHaveLength(1);
  expect(fake.messages.get(thread.id)!.embeds[0].fields[1].value).toContain('Resolved');
  expect(fake.threads.size).toBe(1);
  const posts = fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
  for (const post of posts) {
    expect(post.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(post.body.nonce).toMatch(/^fb-\d+$/);
  }
  const timeline = await app.store.timeline('INC-1');
  expect(timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
});
