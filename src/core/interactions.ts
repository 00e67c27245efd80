/**
 * What a chat adapter hands the core: a typed command line, a click, a modal submission.
 * Every adapter translates its platform's payloads into these calls and renders the reply.
 */
import type { Person } from './incident.js';
import type { ChatMessage, Modal } from './message.js';

export interface InteractionContext {
  actor: Person;
  /** `web`, `slack`, `discord`, `api`. */
  surface: string;
  /** The incident whose thread the interaction happened in, if any. */
  incidentId?: string;
}

/** What the adapter shows the person who acted: a private reply, a modal to open, or nothing. */
export interface Reply {
  /** Shown only to the actor (Slack/Discord ephemeral; the console's notice area). */
  message?: ChatMessage;
  modal?: Modal;
}

export interface Interactions {
  /** `text` is everything after `/incident`, e.g. `sev 2 INC-4` or `note rolled back`. */
  command(text: string, ctx: InteractionContext): Promise<Reply>;
  action(actionId: string, value: string, ctx: InteractionContext): Promise<Reply>;
  submit(modalId: string, privateValue: string, values: Record<string, string>, ctx: InteractionContext): Promise<Reply>;
}
