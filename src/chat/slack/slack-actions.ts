/** Button clicks, select choices and form submissions as the core's actions and submits. */
import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import { fromSlackActionId } from './action-id.js';
import { incidentAt, slackPerson, type ListenerContext } from './listener-context.js';
import { parsePrivateMetadata, toModalValues } from './render-modal.js';

export function registerActions(app: App, lc: ListenerContext): void {
  app.action({ type: 'block_actions', action_id: /^fb\./ }, async ({ body, action, ack }) => {
    const click = body as BlockAction;
    const a = action as { action_id: string; action_ts?: string; value?: string; selected_option?: { value?: string } };
    const value = a.selected_option?.value ?? a.value ?? '';
    const channel = click.channel?.id ?? (click.container as { channel_id?: string } | undefined)?.channel_id;
    const messageTs = click.message?.ts ?? (click.container as { message_ts?: string } | undefined)?.message_ts;
    const threadTs = (click.message?.thread_ts as string | undefined) ?? (click.container as { thread_ts?: string } | undefined)?.thread_ts;
    const incidentId = await incidentAt(lc, channel, threadTs ?? messageTs);
    await lc.intake.take({
      kind: 'action',
      inbound: { kind: 'action', actionId: fromSlackActionId(a.action_id), value },
      ctx: { actor: await slackPerson(lc, click.user.id, click.user.name), surface: 'slack', ...(incidentId ? { incidentId } : {}) },
      deliveryId: `action:${a.action_ts ?? click.trigger_id}:${click.user.id}`,
      replyTo: { user: click.user.id, channel, ...(threadTs ? { threadTs } : messageTs ? { threadTs: messageTs } : {}), responseUrl: click.response_url },
      triggerId: click.trigger_id,
      ack: () => ack(),
    });
  });

  app.view({ type: 'view_submission', callback_id: /^fb\./ }, async ({ body, view, ack }) => {
    const submit = body as ViewSubmitAction;
    const { privateValue, origin } = parsePrivateMetadata(view.private_metadata);
    await lc.intake.take({
      kind: 'submit',
      inbound: { kind: 'submit', modalId: view.callback_id, privateValue, values: toModalValues(view.state) },
      ctx: { actor: await slackPerson(lc, submit.user.id, submit.user.name), surface: 'slack' },
      deliveryId: `view:${view.id}:${view.hash}`,
      replyTo: { user: submit.user.id, ...(origin.channel ? { channel: origin.channel } : {}), ...(origin.threadTs ? { threadTs: origin.threadTs } : {}) },
      ack: () => ack(),
    });
  });
}
