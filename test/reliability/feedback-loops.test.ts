/**
 * Feedback loops: the bot never acts on its own messages (through the real Slack and Discord
 * adapters), a delivery error is never posted to a chat platform, and a misconfigured channel id
 * is reported once, clearly, at start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/errors.js';
import { RecordingChat } from '../fakes/recording-chat.js';
import { createTestApp, ctx, threadTexts, type TestApp } from '../fakes/test-app.js';
import { BOT } from '../fakes/fake-discord.js';
import { ANN, GUILD, deliver as deliverDiscord, postAlert as postDiscordAlert, startDiscordApp, until, type DiscordTestApp } from '../chat/discord/discord-app.js';
import { deliver, fixture, postAlert, posted, send, startSlack, type SlackHarness } from '../chat/slack/slack-harness.js';

let h: SlackHarness | undefined;
let d: DiscordTestApp | undefined;
let app: TestApp | undefined;
afterEach(async () => {
  await h?.close();
  await d?.close();
  await app?.close();
  h = undefined;
  d = undefined;
  app = undefined;
});

async function mention(from: { user: string; bot_id?: string }, text: string, threadTs: string, eventId: string) {
  const event = JSON.parse(fixture('event_callback.app_mention.json')) as Record<string, any>;
  event.event_id = eventId;
  event.event = { ...event.event, ...from, channel: 'C_INC', thread_ts: threadTs, ts: `${Date.now() / 1000}`, text: `<@UBOT> ${text}` };
  if (!from.bot_id) delete event.event.bot_id;
  return send(h!, JSON.stringify(event), 'application/json');
}

describe('the bot ignores its own messages', () => {
  it('on Slack, even with slack.allowBots: its own mention (bot_id BBOT, user UBOT) does nothing; another bot’s does', async () => {
    h = await startSlack({ policy: 'slack:\n  allowBots: true\n' });
    await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
    await deliver(h);
    const header = posted(h, 'C_INC')[0]!;

    await mention({ user: 'UBOT', bot_id: 'BBOT' }, 'note from myself', header.ts, 'EvSelf');
    await mention({ user: 'UOTHERBOT', bot_id: 'BOTHER' }, 'note from another bot', header.ts, 'EvOther');
    const notes = (await h.app.store.timeline('INC-1')).filter((e) => e.kind === 'note').map((e) => e.text);
    expect(notes).toEqual(['from another bot']);
  });

  it('on Discord: a 📌 added by the bot itself is not evidence; one added by a person is', async () => {
    d = await startDiscordApp();
    const id = await postDiscordAlert(d.app, { title: 'Checkout returns 502', dedupKey: 'c1' });
    await deliverDiscord(d.app);
    const thread = [...d.fake.threads.values()][0]!;
    const message = d.fake.messagesIn(thread.id)[0]!;
    const reaction = (user: typeof ANN & { bot?: boolean }) => ({
      user_id: user.id,
      channel_id: thread.id,
      message_id: message.id,
      guild_id: GUILD,
      member: { user, nick: null },
      emoji: { id: null, name: '📌' },
    });
    d.fake.dispatch('MESSAGE_REACTION_ADD', reaction({ ...BOT, global_name: 'Firebreak' }));
    d.fake.dispatch('MESSAGE_REACTION_ADD', reaction(ANN));
    const evidence = async () => (await d!.app.store.timeline(id)).filter((e) => e.kind === 'evidence');
    await until(async () => (await evidence()).length > 0, 'the person’s pin on the timeline');
    const kept = await evidence();
    expect(kept).toHaveLength(1);
    expect(kept[0]!.actor).toMatchObject({ id: `discord:${ANN.id}` });
  });
});

describe('delivery errors stay out of chat', () => {
  it('messages the platform refuses are is reported in the console only: nothing about it is queued for any platform', async () => {
    const chat = new RecordingChat('slack');
    app = await createTestApp({ app: { chats: [chat] } });
    const { id } = await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' });
    await app.scheduler.tick();
    // every message to the platform fails for good from now on
    chat.failNext(new UpstreamError('invalid_blocks', { retryable: false, status: 400 }), 1000);
    await app.interactions.command('note one', ctx('Alice', id));
    await app.interactions.command('note two', ctx('Alice', id));
    for (let i = 0; i < 5; i++) {
      app.clock.advance(60_000);
      await app.scheduler.tick();
    }
    const notices = (await threadTexts(app, id)).filter((t) => t.startsWith('⚠️ Not delivered to slack'));
    const refused = await app.store.db.selectFrom('outbox').select('id').where('surface', '=', 'slack').where('last_error', 'like', 'failed:%').execute();
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(notices).toHaveLength(refused.length); // one per refused message, not one per notice about a notice
    const queued = await app.store.db.selectFrom('outbox').select(['surface', 'message']).where('message', 'like', '%Not delivered%').execute();
    expect(queued).toEqual([]); // the notices were never outbox messages
    expect(chat.calls.some((c) => c.message.text.includes('Not delivered'))).toBe(false);
  });
});

describe('a misconfigured channel id', () => {
  it('Slack channel_not_found: one clear error in the log and one note in the console at start', async () => {
    h = await startSlack({ env: { SLACK_INCIDENT_CHANNEL: 'C_TYPO' } });
    await h.app.listen();
    const lines = h.app.logs.filter((l) => String(l.msg).startsWith('chat channel misconfigured'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ variable: 'SLACK_INCIDENT_CHANNEL', channel: 'C_TYPO', surface: 'slack' });
    expect(String(lines[0]!.msg)).toContain('channel_not_found');
    expect(h.app.channelProblems).toEqual([expect.stringMatching(/^SLACK_INCIDENT_CHANNEL: Slack has no channel C_TYPO/)]);
    const consoleNotes = (await h.app.store.webMessages.list({ channel: 'incidents', threadId: null })).map((r) => r.message.text);
    expect(consoleNotes.filter((t) => t.includes('SLACK_INCIDENT_CHANNEL'))).toHaveLength(1);
    // the status channel exists: not reported
    expect(h.app.logs.some((l) => l.variable === 'SLACK_STATUS_CHANNEL')).toBe(false);
  });

  it('Discord 10003 Unknown Channel: one clear error in the log and one note in the console at start', async () => {
    d = await startDiscordApp({ env: { DISCORD_STATUS_CHANNEL: '1100000000000000999' } });
    const lines = d.app.logs.filter((l) => String(l.msg).startsWith('chat channel misconfigured'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ variable: 'DISCORD_STATUS_CHANNEL', channel: '1100000000000000999', surface: 'discord' });
    expect(String(lines[0]!.msg)).toContain('Unknown Channel');
    const consoleNotes = (await d.app.store.webMessages.list({ channel: 'incidents', threadId: null })).map((r) => r.message.text);
    expect(consoleNotes.filter((t) => t.includes('DISCORD_STATUS_CHANNEL'))).toHaveLength(1);
  });

  it('correct channels report nothing', async () => {
    h = await startSlack();
    await h.app.listen();
    expect(h.app.channelProblems).toEqual([]);
    expect(h.fake.callsOf('conversations.info').map((c) => c.args.channel).sort()).toEqual(['C_INC', 'C_STATUS']);
  });
});
