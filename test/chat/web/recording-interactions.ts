/** A test double of the core's `Interactions`: records every call and answers with canned replies. */
import type { Inbound, InteractionContext, Interactions, Reply } from '../../../src/core/interactions.js';
import type { Modal } from '../../../src/core/message.js';

export type InteractionCall =
  | { kind: 'command'; text: string; ctx: InteractionContext }
  | { kind: 'action'; actionId: string; value: string; ctx: InteractionContext }
  | { kind: 'submit'; modalId: string; privateValue: string; values: Record<string, string>; ctx: InteractionContext };

export class RecordingInteractions implements Interactions {
  readonly calls: InteractionCall[] = [];
  /** Decides the answer to each call; throw from it to simulate a core error. */
  respond: (call: InteractionCall) => Reply | Promise<Reply> = () => ({});

  async command(text: string, ctx: InteractionContext): Promise<Reply> {
    return this.#record({ kind: 'command', text, ctx });
  }

  async action(actionId: string, value: string, ctx: InteractionContext): Promise<Reply> {
    return this.#record({ kind: 'action', actionId, value, ctx });
  }

  async submit(
    modalId: string,
    privateValue: string,
    values: Record<string, string>,
    ctx: InteractionContext,
  ): Promise<Reply> {
    return this.#record({ kind: 'submit', modalId, privateValue, values, ctx });
  }

  run(inbound: Inbound, ctx: InteractionContext): Promise<Reply> {
    if (inbound.kind === 'command') return this.command(inbound.text, ctx);
    if (inbound.kind === 'action') return this.action(inbound.actionId, inbound.value, ctx);
    if (inbound.kind === 'submit') return this.submit(inbound.modalId, inbound.privateValue, inbound.values, ctx);
    throw new Error('the console sends no evidence interactions');
  }

  modalFor(): Modal | undefined {
    return undefined;
  }

  async #record(call: InteractionCall): Promise<Reply> {
    this.calls.push(call);
    return this.respond(call);
  }
}
