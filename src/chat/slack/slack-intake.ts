/**
 * The first phase of every Slack interaction: a form opens at once while the trigger is fresh;
 * anything else is stored in the inbox, then acknowledged, then run. A failure before the
 * interaction is stored is this adapter's to present: an ephemeral note with a logged reference.
 */
import { randomUUID } from 'node:crypto';
import type { Inbound, InteractionContext } from '../../core/interactions.js';
import type { Logger } from '../../core/logger.js';
import { StoreUnavailableError } from '../../core/errors.js';
import { message } from '../../core/message.js';
import { STORE_TROUBLE_TEXT } from '../../core/store-trouble.js';
import type { ChatAdapterDeps } from '../chat-adapter.js';
import { renderModal } from './render-modal.js';
import type { SlackApi } from './slack-api.js';
import type { SlackMetrics } from './slack-metrics.js';
import type { SlackReplyTo, SlackResponder } from './slack-responder.js';

export interface SlackInteraction {
  kind: string;
  inbound: Inbound;
  ctx: InteractionContext;
  deliveryId: string;
  replyTo: SlackReplyTo;
  /** Present when Slack allows a form to open now (commands, clicks, shortcuts). */
  triggerId?: string;
  ack: () => Promise<void>;
  /** Events API deliveries: on failure answer 5xx so Slack delivers again, instead of acknowledging. */
  redeliverOnFailure?: boolean;
}

export class SlackIntake {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: ChatAdapterDeps,
    private readonly api: SlackApi,
    private readonly responder: SlackResponder,
    private readonly metrics: SlackMetrics,
    private readonly log: Logger,
  ) {}

  async take(i: SlackInteraction): Promise<void> {
    let acked = false;
    const ack = async () => {
      if (acked) return;
      acked = true;
      await i.ack();
    };
    try {
      const modal = i.triggerId ? this.deps.interactions.modalFor(i.inbound, i.ctx) : undefined;
      if (modal) {
        await ack();
        this.metrics.interactions.inc({ kind: i.kind, outcome: 'form' });
        await this.#openForm(i, modal);
        return;
      }
      const entry = { surface: 'slack', deliveryId: i.deliveryId, inbound: i.inbound, ctx: i.ctx, replyTo: i.replyTo, receivedAt: this.deps.clock.now() };
      const { duplicate, done } = await this.deps.inbox.receive(entry, ack);
      this.metrics.interactions.inc({ kind: i.kind, outcome: duplicate ? 'duplicate' : 'stored' });
      this.#track(done);
    } catch (err) {
      this.metrics.interactions.inc({ kind: i.kind, outcome: 'failed' });
      if (!acked && i.redeliverOnFailure) throw err;
      const ref = randomUUID().slice(0, 8);
      this.log.error({ err, ref, kind: i.kind, deliveryId: i.deliveryId }, 'slack interaction failed before it was stored');
      await ack().catch((ackErr: unknown) => this.log.warn({ err: ackErr }, 'could not acknowledge a slack interaction'));
      await this.#tell(i.replyTo, err instanceof StoreUnavailableError ? STORE_TROUBLE_TEXT : `⚠️ Something went wrong (ref ${ref}). Nothing was changed.`);
    }
  }

  /** Resolves when every interaction taken so far has run and been answered. */
  async whenIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #openForm(i: SlackInteraction, modal: NonNullable<ReturnType<ChatAdapterDeps['interactions']['modalFor']>>): Promise<void> {
    try {
      await this.api.call('views.open', { trigger_id: i.triggerId, view: renderModal(modal, { channel: i.replyTo.channel, threadTs: i.replyTo.threadTs }) }, 'post');
    } catch (err) {
      this.log.warn({ err, kind: i.kind }, 'could not open a slack form');
      await this.#tell(i.replyTo, '⚠️ The form could not open in time. Please try again.');
    }
  }

  async #tell(to: SlackReplyTo, text: string): Promise<void> {
    try {
      await this.responder.say(to, message(text));
    } catch (err) {
      this.log.warn({ err }, 'could not answer a slack interaction');
    }
  }

  #track(done: Promise<void>): void {
    const tracked = done
      .catch((err: unknown) => this.log.error({ err }, 'slack interaction failed while running'))
      .finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }
}
