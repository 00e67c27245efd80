/**
 * Action blocks as Discord message components: at most 5 action rows of 5 buttons (a select takes
 * a row of its own), `custom_id` ≤ 100 characters and unique within the message.
 */
import type { ActionElement, Block } from '../../core/message.js';

export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordStringSelect {
  type: 3;
  custom_id: string;
  placeholder: string;
  options: { label: string; value: string; description?: string; default?: boolean }[];
}

export interface DiscordActionRow {
  type: 1;
  components: (DiscordButton | DiscordStringSelect)[];
}

export const COMPONENT_LIMITS = { rows: 5, buttonsPerRow: 5, customId: 100, label: 80, options: 25, optionText: 100, placeholder: 150 } as const;

/** Rows for the message, and how many elements did not fit (the caller says so in the text). */
export function renderComponents(blocks: Block[]): { rows: DiscordActionRow[]; dropped: number } {
  const ids = new Set<string>();
  const rows: DiscordActionRow[] = [];
  let dropped = 0;
  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    let buttons: DiscordButton[] = [];
    const flush = () => {
      if (buttons.length) rows.push({ type: 1, components: buttons });
      buttons = [];
    };
    for (const element of block.elements) {
      const id = customId(element, ids);
      const full = rows.length + (buttons.length ? 1 : 0) >= COMPONENT_LIMITS.rows;
      if (!id || (element.type === 'select' && full) || (element.type === 'button' && full && buttons.length === 0)) {
        dropped++;
        continue;
      }
      ids.add(id);
      if (element.type === 'select') {
        flush();
        rows.push({ type: 1, components: [toSelect(element, id)] });
        continue;
      }
      buttons.push({ type: 2, style: element.style === 'primary' ? 1 : element.style === 'danger' ? 4 : 2, label: cut(element.label, COMPONENT_LIMITS.label), custom_id: id });
      if (buttons.length === COMPONENT_LIMITS.buttonsPerRow) flush();
    }
    flush();
  }
  return { rows, dropped };
}

function toSelect(element: Extract<ActionElement, { type: 'select' }>, id: string): DiscordStringSelect {
  const max = COMPONENT_LIMITS.optionText;
  return {
    type: 3,
    custom_id: id,
    placeholder: cut(element.placeholder, COMPONENT_LIMITS.placeholder),
    options: element.options.slice(0, COMPONENT_LIMITS.options).map((o) => ({
      label: cut(o.label, max),
      value: o.value.slice(0, max),
      ...(o.description ? { description: cut(o.description, max) } : {}),
      ...(o.value === element.initial ? { default: true } : {}),
    })),
  };
}

/** `actionId|value` for a button, `actionId` for a select; `~n` after the action id when two would collide. */
function customId(element: ActionElement, taken: Set<string>): string | undefined {
  const tail = element.type === 'button' ? `|${element.value}` : '';
  for (let n = 1; n < 100; n++) {
    const id = `${element.actionId}${n > 1 ? `~${n}` : ''}${tail}`;
    if (id.length > COMPONENT_LIMITS.customId) return undefined;
    if (!taken.has(id)) return id;
  }
  return undefined;
}

/** The action id and value a clicked component carries (`values[0]` for a select). */
export function parseCustomId(customId: string, values?: string[]): { actionId: string; value: string } {
  const bar = customId.indexOf('|');
  const head = bar < 0 ? customId : customId.slice(0, bar);
  const actionId = head.replace(/~\d+$/, '');
  const value = bar < 0 ? (values?.[0] ?? '') : customId.slice(bar + 1);
  return { actionId, value };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
