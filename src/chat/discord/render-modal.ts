/** A neutral form as a Discord modal (callback type 9): labelled inputs, at most 5, and its submission read back. */
import type { Modal } from '../../core/message.js';

export interface DiscordModal {
  custom_id: string;
  title: string;
  components: unknown[];
}

const LIMITS = { inputs: 5, title: 45, label: 45, placeholder: 100, value: 4000, customId: 100, options: 25, optionText: 100 } as const;

export function renderModal(modal: Modal): DiscordModal {
  return {
    custom_id: `${modal.id}|${modal.privateValue}`.slice(0, LIMITS.customId),
    title: cut(modal.title, LIMITS.title),
    components: modal.inputs.slice(0, LIMITS.inputs).map((input) => ({
      type: 18,
      label: cut(input.label, LIMITS.label),
      component:
        input.type === 'text'
          ? {
              type: 4,
              custom_id: input.id,
              style: input.multiline ? 2 : 1,
              required: !input.optional,
              ...(input.initial ? { value: input.initial.slice(0, LIMITS.value) } : {}),
              ...(input.placeholder ? { placeholder: cut(input.placeholder, LIMITS.placeholder) } : {}),
              max_length: Math.min(input.maxLength ?? LIMITS.value, LIMITS.value),
            }
          : {
              type: 3,
              custom_id: input.id,
              required: !input.optional,
              options: input.options.slice(0, LIMITS.options).map((o) => ({
                label: cut(o.label, LIMITS.optionText),
                value: o.value.slice(0, LIMITS.optionText),
                ...(o.description ? { description: cut(o.description, LIMITS.optionText) } : {}),
                ...(o.value === input.initial ? { default: true } : {}),
              })),
            },
    })),
  };
}

interface SubmittedComponent {
  type?: number;
  custom_id?: string;
  value?: string;
  values?: string[];
  component?: SubmittedComponent;
  components?: SubmittedComponent[];
}

/** The modal id, private value and input values of a MODAL_SUBMIT (label or legacy action-row layout). */
export function parseModalSubmit(data: { custom_id?: string; components?: SubmittedComponent[] }): {
  modalId: string;
  privateValue: string;
  values: Record<string, string>;
} {
  const id = data.custom_id ?? '';
  const bar = id.indexOf('|');
  const values: Record<string, string> = {};
  const visit = (c: SubmittedComponent | undefined) => {
    if (!c) return;
    if (c.custom_id && (c.value !== undefined || c.values)) values[c.custom_id] = c.value ?? c.values?.[0] ?? '';
    visit(c.component);
    for (const child of c.components ?? []) visit(child);
  };
  for (const c of data.components ?? []) visit(c);
  return { modalId: bar < 0 ? id : id.slice(0, bar), privateValue: bar < 0 ? '' : id.slice(bar + 1), values };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
