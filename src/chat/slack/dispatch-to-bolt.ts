/**
 * Hands one Slack delivery to Bolt. Bolt acknowledges Events API deliveries before any listener runs;
 * ours must be stored first, so an event's real acknowledgement travels in the context
 * (`firebreakAck`) and Bolt gets a no-op. Whatever no listener acknowledged is acknowledged at the end.
 */
import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

export interface SlackAnswer {
  status: number;
  body?: unknown;
}

export async function dispatchToBolt(
  app: App,
  delivery: { body: Record<string, unknown>; retryNum?: number; retryReason?: string },
  answer: (a: SlackAnswer) => void | Promise<void>,
  log: Logger,
): Promise<void> {
  let answered = false;
  const ack = async (response?: unknown) => {
    if (answered) return;
    answered = true;
    await answer({ status: 200, body: response });
  };
  const isEvent = delivery.body.type === 'event_callback';
  const event: ReceiverEvent = {
    body: delivery.body,
    ack: isEvent ? async () => {} : ack,
    customProperties: isEvent ? { firebreakAck: () => ack() } : {},
    ...(delivery.retryNum !== undefined ? { retryNum: delivery.retryNum } : {}),
    ...(delivery.retryReason ? { retryReason: delivery.retryReason } : {}),
  };
  try {
    await app.processEvent(event);
    await ack();
  } catch (err) {
    log.error({ err, type: delivery.body.type }, 'slack delivery failed');
    if (!answered) {
      answered = true;
      await answer({ status: 500 });
    }
  }
}
