/**
 * The neutral message model. The core builds messages once from plain data; each chat adapter
 * renders them (Slack blocks, Discord components, the web console's HTML).
 *
 * Text uses a small, safe inline markup understood by every adapter (see `format.ts`):
 * `**bold**`, `_italic_`, `` `code` ``, `[label](https://…)` and mentions `<@surface:id|Name>`.
 * Anything that comes from a user or an alert goes through `escapeText` first.
 */
import type { ActionId, ModalId } from './actions.js';

export interface Confirm {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

export interface Button {
  type: 'button';
  actionId: ActionId;
  label: string;
  /** Opaque value handed back on click (at most 80 characters, so every platform can carry it). */
  value: string;
  style?: 'primary' | 'danger';
  confirm?: Confirm;
}

export interface SelectOption {
  label: string;
  value: string;
  description?: string;
}

export interface Select {
  type: 'select';
  actionId: ActionId;
  placeholder: string;
  options: SelectOption[];
  initial?: string;
}

export type ActionElement = Button | Select;

export type Block =
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'context'; text: string }
  | { type: 'code'; text: string; language?: string }
  | { type: 'actions'; elements: ActionElement[] }
  | { type: 'divider' };

export interface ChatMessage {
  /** Plain summary used for notifications and platforms' fallback text. */
  text: string;
  blocks: Block[];
  /** A thread message the whole channel should see too (status updates, the resolution): Slack `reply_broadcast`. */
  alsoInChannel?: boolean;
  /** Colour hint for the message's side bar: severity or state. */
  accent?: 'critical' | 'major' | 'minor' | 'info' | 'ok';
  /** A file that goes with the message: Slack uploads it into the thread, Discord attaches it, the console offers a download. */
  attachment?: Attachment;
}

/** A text file carried by a message (the post-mortem draft), stored in the outbox with it. */
export interface Attachment {
  filename: string;
  contentType: string;
  /** UTF-8 text; at most `MESSAGE_LIMITS.attachmentBytes` bytes. */
  body: string;
}

export interface TextInput {
  type: 'text';
  id: string;
  label: string;
  multiline?: boolean;
  optional?: boolean;
  initial?: string;
  placeholder?: string;
  maxLength?: number;
}

export interface SelectInput {
  type: 'select';
  id: string;
  label: string;
  options: SelectOption[];
  optional?: boolean;
  initial?: string;
}

export type ModalInput = TextInput | SelectInput;

export interface Modal {
  id: ModalId;
  title: string;
  submitLabel: string;
  /** Context carried through the modal (an incident id, a step reference). */
  privateValue: string;
  inputs: ModalInput[];
}

/** Limits every adapter can honour (Discord: 5 rows × 5 buttons, 100-char ids; Slack: 50 blocks). */
export const MESSAGE_LIMITS = {
  buttonsPerRow: 5,
  rows: 5,
  blocks: 50,
  textLength: 3000,
  valueLength: 80,
  modalInputs: 5,
  /** Larger files are linked instead of attached (Discord takes 10 MiB a message without boosts). */
  attachmentBytes: 1_000_000,
} as const;

export function message(text: string, blocks: Block[] = [{ type: 'text', text }]): ChatMessage {
  return { text: stripMarkup(text), blocks };
}

/** Reduces inline markup to plain text, for notifications and fallbacks. */
export function stripMarkup(text: string): string {
  return text
    .replace(/<@[^|>]+\|([^>]+)>/g, '@$1')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\*_`[\]<>])/g, '$1');
}
