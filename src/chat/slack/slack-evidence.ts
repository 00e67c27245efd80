/** The "Add to incident timeline" shortcut and 📌 reactions: a thread message kept on the timeline. */
import type { App, MessageShortcut } from '@slack/bolt';
import type { Evidence } from '../../core/interactions.js';
import { eventAck, incidentAt, slackPerson, type ListenerContext } from './listener-context.js';
import { normalizeCommandText } from './normalize-command.js';
import { TIMELINE_SHORTCUT } from './slack-manifest.js';

interface SlackMessageLike {
  ts?: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  username?: string;
}

export function registerEvidence(app: App, lc: ListenerContext): void {
  app.shortcut({ type: 'message_action', callback_id: TIMELINE_SHORTCUT }, async ({ shortcut, ack }) => {
    const s = shortcut as MessageShortcut;
    const channel = s.channel.id;
    const msg = s.message as SlackMessageLike;
    const incidentId = await incidentAt(lc, channel, msg.thread_ts ?? msg.ts);
    await lc.intake.take({
      kind: 'shortcut',
      inbound: { kind: 'evidence', evidence: await toEvidence(lc, channel, msg) },
      ctx: { actor: await slackPerson(lc, s.user.id, s.user.name), surface: 'slack', ...(incidentId ? { incidentId } : {}) },
      deliveryId: `shortcut:${s.trigger_id}`,
      replyTo: { user: s.user.id, channel, ...(msg.thread_ts ? { threadTs: msg.thread_ts } : {}), responseUrl: s.response_url },
      ack: () => ack(),
    });
  });

  app.event('reaction_added', async ({ event, body, context }) => {
    const ack = eventAck(context);
    if (event.reaction !== 'pushpin' || event.item.type !== 'message') return ack();
    const { channel, ts } = event.item;
    const msg = await fetchMessage(lc, channel, ts);
    if (!msg || (msg.bot_id && !lc.config.allowBots)) return ack();
    const incidentId = await incidentAt(lc, channel, msg.thread_ts ?? msg.ts);
    if (!incidentId) return ack(); // a pin outside any incident is none of Firebreak's business
    await lc.intake.take({
      kind: 'pin',
      inbound: { kind: 'evidence', evidence: await toEvidence(lc, channel, msg) },
      ctx: { actor: await slackPerson(lc, event.user), surface: 'slack', incidentId },
      deliveryId: `event:${(body as { event_id?: string }).event_id ?? `${channel}:${ts}:${event.user}`}`,
      replyTo: { user: event.user, channel, ...(msg.thread_ts ? { threadTs: msg.thread_ts } : {}) },
      ack,
      redeliverOnFailure: true,
    });
  });
}

async function toEvidence(lc: ListenerContext, channel: string, msg: SlackMessageLike): Promise<Evidence> {
  const authorId = msg.user ?? msg.bot_id ?? 'unknown';
  const author = msg.user ? await slackPerson(lc, msg.user) : { id: `slack:${authorId}`, name: msg.username ?? authorId };
  const evidence: Evidence = { author, text: (await normalizeCommandText(msg.text ?? '', lc.users)).replace(/<@[A-Z0-9]+\|([^>]+)>/g, '@$1'), postedAt: Math.round(Number(msg.ts ?? 0) * 1000) };
  try {
    const result = await lc.api.call('chat.getPermalink', { channel, message_ts: msg.ts });
    if (typeof result.permalink === 'string') evidence.link = result.permalink;
  } catch (err) {
    // The timeline keeps the text and author without a link; nothing else depends on it.
    lc.log.debug({ err, channel }, 'no permalink for a timeline message');
  }
  return evidence;
}

/** The reacted-to message: a thread reply is found with `conversations.replies`, a channel message with `history`. */
async function fetchMessage(lc: ListenerContext, channel: string, ts: string): Promise<SlackMessageLike | undefined> {
  const replies = await lc.api.call('conversations.replies', { channel, ts, limit: 1, inclusive: true });
  const found = (replies.messages as SlackMessageLike[] | undefined)?.find((m) => m.ts === ts);
  if (found) return found;
  const history = await lc.api.call('conversations.history', { channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  return (history.messages as SlackMessageLike[] | undefined)?.find((m) => m.ts === ts);
}
