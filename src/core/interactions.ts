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

/**
 * A command, click, form or pinned message from a chat, as stored before the platform is
 * acknowledged (two-phase: store, ack, then act). `evidence` is a thread message a person added to
 * the timeline (Slack 📌 or the message shortcut, Discord 📌 or the context-menu command).
 */
export type Inbound =
  | { kind: 'command'; text: string }
  | { kind: 'action'; actionId: string; value: string }
  | { kind: 'submit'; modalId: string; privateValue: string; values: Record<string, string> }
  | { kind: 'evidence'; evidence: Evidence };

/** A chat message kept on the timeline: who wrote it, when, what, and where to find it. */
export interface Evidence {
  author: Person;
  text: string;
  postedAt: number;
  link?: string;
}

export interface Interactions {
  /** `text` is everything after `/incident`, e.g. `sev 2 INC-4` or `note rolled back`. */
  command(text: string, ctx: InteractionContext): Promise<Reply>;
  action(actionId: string, value: string, ctx: InteractionContext): Promise<Reply>;
  submit(modalId: string, privateValue: string, values: Record<string, string>, ctx: InteractionContext): Promise<Reply>;
  /** Any inbound interaction: what the inbox runs once it is stored. */
  run(inbound: Inbound, ctx: InteractionContext): Promise<Reply>;
  /**
   * The form an interaction opens, if it only opens one: decided without touching the store, so an
   * adapter can open it at once while the platform's trigger is fresh (Slack `trigger_id`, 3 s;
   * Discord: a modal must be the first response).
   */
  modalFor(inbound: Inbound, ctx: InteractionContext): Modal | undefined;
}
