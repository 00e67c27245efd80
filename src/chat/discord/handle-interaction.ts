/**
 * One handler for interactions from the gateway and from HTTP. The first answer goes through
 * `answer` (a REST callback, or the HTTP response): a modal when the interaction only opens one,
 * else a deferral once the inbox has stored it; the result follows through the responder.
 */
import { SUBCOMMANDS } from '../../core/actions.js';
import type { InteractionContext } from '../../core/interactions.js';
import type { ChatAdapterDeps } from '../chat-adapter.js';
import { autocomplete } from './autocomplete.js';
import type { DiscordReplyTo } from './discord-responder.js';
import { renderMessage } from './render-message.js';
import { renderModal } from './render-modal.js';
import { INTERACTION_TYPE, actorOf, type RawInteraction } from './raw-interaction.js';
import { focusedOption } from './to-command-text.js';
import { toInbound } from './to-inbound.js';
import { message } from '../../core/message.js';
import { StoreUnavailableError } from '../../core/errors.js';
import { STORE_TROUBLE_TEXT } from '../../core/store-trouble.js';

/** An interaction response object (`{ type: 5, data: { flags: 64 } }`). */
export interface InteractionResponse {
  type: number;
  data?: unknown;
}

export type Answer = (response: InteractionResponse) => Promise<void>;

const EPHEMERAL = 64;

export class InteractionHandler {
  constructor(private readonly deps: ChatAdapterDeps) {}

  async handle(interaction: RawInteraction, answer: Answer): Promise<void> {
    const { deps } = this;
    if (interaction.type === INTERACTION_TYPE.ping) return answer({ type: 1 });
    if (interaction.type === INTERACTION_TYPE.autocomplete) {
      const focused = interaction.data ? focusedOption(interaction.data) : undefined;
      const choices = focused
        ? await autocomplete(deps.service, focused).catch((err: unknown) => {
            // An empty list is still an answer; the person can type the id.
            deps.log.warn({ err }, 'discord autocomplete failed');
            return [];
          })
        : [];
      return answer({ type: 8, data: { choices } });
    }
    const receivedAt = deps.clock.now();
    const inbound = toInbound(interaction, SUBCOMMANDS, receivedAt);
    const actor = actorOf(interaction);
    if (!inbound || !actor) return answer(ephemeral('Firebreak does not know this interaction. Try `/incident help`.'));
    const channelId = interaction.channel_id;
    const incidentId = channelId ? await deps.threads.incidentOfThread('discord', channelId, channelId) : undefined;
    const ctx: InteractionContext = incidentId ? { actor, surface: 'discord', incidentId } : { actor, surface: 'discord' };
    const modal = deps.interactions.modalFor(inbound, ctx);
    if (modal) return answer({ type: 9, data: renderModal(modal) });
    const isClick = interaction.type === INTERACTION_TYPE.component;
    const replyTo: DiscordReplyTo = {
      applicationId: interaction.application_id,
      token: interaction.token,
      receivedAt,
      ...(channelId ? { channelId } : {}),
      userId: actor.id.slice('discord:'.length),
      mode: isClick ? 'followup' : 'edit',
    };
    let answered = false;
    let received;
    try {
      received = await deps.inbox.receive({ surface: 'discord', deliveryId: interaction.id, inbound, ctx, replyTo, receivedAt }, () => {
        answered = true;
        return answer(isClick ? { type: 6 } : { type: 5, data: { flags: EPHEMERAL } });
      });
    } catch (err) {
      // Not stored, so not acknowledged yet: say why privately instead of letting Discord time out.
      if (answered || !(err instanceof StoreUnavailableError)) throw err;
      deps.log.error({ err, interactionId: interaction.id }, 'discord interaction not stored: store trouble');
      return answer(ephemeral(STORE_TROUBLE_TEXT));
    }
    const { duplicate, done } = received;
    if (duplicate) return;
    await done;
  }
}

export function ephemeral(text: string): InteractionResponse {
  return { type: 4, data: { ...renderMessage(message(text)), flags: EPHEMERAL } };
}
