/** A neutral Modal as a Slack view; `private_metadata` carries the core's value and where to answer. */
import type { Modal, ModalInput } from '../../core/message.js';
import { plainText, renderOption, type SlackObject } from './render-elements.js';
import { SLACK_LIMITS as L } from './slack-text.js';

/** Where the person was when the form opened: the answer to the submission is posted there. */
export interface ModalOrigin {
  channel?: string;
  threadTs?: string;
}

export function renderModal(modal: Modal, origin: ModalOrigin = {}): SlackObject {
  return {
    type: 'modal',
    callback_id: modal.id,
    private_metadata: toPrivateMetadata(modal.privateValue, origin),
    title: plainText(modal.title, L.modalTitle),
    submit: plainText(modal.submitLabel, L.modalButton),
    close: plainText('Cancel', L.modalButton),
    blocks: modal.inputs.map(renderInput),
  };
}

function renderInput(input: ModalInput): SlackObject {
  const block: SlackObject = { type: 'input', block_id: input.id, label: plainText(input.label, L.inputLabel), optional: input.optional === true };
  if (input.type === 'text') {
    const element: SlackObject = { type: 'plain_text_input', action_id: input.id, multiline: input.multiline === true };
    if (input.initial) element.initial_value = input.initial;
    if (input.placeholder) element.placeholder = plainText(input.placeholder, L.placeholder);
    if (input.maxLength) element.max_length = input.maxLength;
    return { ...block, element };
  }
  const options = input.options.slice(0, L.options).map(renderOption);
  const element: SlackObject = { type: 'static_select', action_id: input.id, options };
  const initial = options.find((o) => o.value === input.initial);
  if (initial) element.initial_option = initial;
  return { ...block, element };
}

function toPrivateMetadata(privateValue: string, origin: ModalOrigin): string {
  return JSON.stringify({ fb: privateValue, c: origin.channel, t: origin.threadTs }).slice(0, L.privateMetadata);
}

/** Reads back what `renderModal` stored; a view that is not ours keeps its metadata as the value. */
export function parsePrivateMetadata(raw: string | undefined): { privateValue: string; origin: ModalOrigin } {
  try {
    const data: unknown = JSON.parse(raw ?? '');
    if (data && typeof data === 'object' && typeof (data as { fb?: unknown }).fb === 'string') {
      const d = data as { fb: string; c?: unknown; t?: unknown };
      return { privateValue: d.fb, origin: { channel: typeof d.c === 'string' ? d.c : undefined, threadTs: typeof d.t === 'string' ? d.t : undefined } };
    }
  } catch {
    // Not JSON: a view opened by something else; its metadata is taken as it is.
  }
  return { privateValue: raw ?? '', origin: {} };
}

/** `view.state.values` (block id → action id → state) as the neutral input id → value map. */
export function toModalValues(state: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  const blocks = (state as { values?: Record<string, Record<string, SlackInputState>> } | undefined)?.values ?? {};
  for (const [blockId, actions] of Object.entries(blocks)) {
    for (const [actionId, input] of Object.entries(actions ?? {})) {
      const value = input?.selected_option?.value ?? input?.value;
      if (typeof value === 'string') values[actionId || blockId] = value;
    }
  }
  return values;
}

interface SlackInputState {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
}
