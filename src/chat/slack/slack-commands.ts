/** `/incident …` and `@Firebreak …` as commands for the core; a mention in a thread implies its incident. */
import type { App } from '@slack/bolt';
import { COMMAND } from '../../core/actions.js';
import { normalizeCommandText } from './normalize-command.js';
import { eventAck, incidentAt, slackPerson, type ListenerContext } from './listener-context.js';

export function registerCommands(app: App, lc: ListenerContext): void {
  app.command(COMMAND, async ({ command, ack }) => {
    const text = await normalizeCommandText(command.text ?? '', lc.users);
    const incidentId = await incidentAt(lc, command.channel_id);
    const actor = await slackPerson(lc, command.user_id, command.user_name);
    await lc.intake.take({
      kind: 'command',
      inbound: { kind: 'command', text },
      ctx: { actor, surface: 'slack', ...(incidentId ? { incidentId } : {}) },
      deliveryId: `command:${command.trigger_id}`,
      replyTo: { user: command.user_id, channel: command.channel_id, responseUrl: command.response_url, slash: true },
      triggerId: command.trigger_id,
      ack: () => ack(),
    });
  });

  app.event('app_mention', async ({ event, body, context }) => {
    const ack = eventAck(context);
    const fromBot = 'bot_id' in event && event.bot_id;
    if ((fromBot && !lc.config.allowBots) || !event.user) return ack();
    const withoutBot = event.text.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>\s*/, '');
    const text = await normalizeCommandText(withoutBot, lc.users);
    const threadTs = event.thread_ts ?? event.ts;
    const incidentId = await incidentAt(lc, event.channel, threadTs);
    await lc.intake.take({
      kind: 'mention',
      inbound: { kind: 'command', text },
      ctx: { actor: await slackPerson(lc, event.user), surface: 'slack', ...(incidentId ? { incidentId } : {}) },
      deliveryId: `event:${(body as { event_id?: string }).event_id ?? event.ts}`,
      replyTo: { user: event.user, channel: event.channel, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}) },
      ack,
      redeliverOnFailure: true,
    });
  });
}
