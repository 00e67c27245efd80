/** A test double of the core's `Interactions`: records every call and answers with canned replies. */
import type { InteractionContext, Interactions, Reply } from '../../../src/core/interactions.js';

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

  async #record(call: InteractionCall): Promise<Reply> {
    this.calls.push(call);
    return this.respond(call);
  }
}
