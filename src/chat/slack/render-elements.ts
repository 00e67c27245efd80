/** Buttons and selects of the neutral model as Block Kit elements, within Slack's limits. */
import type { ActionElement, Button, Confirm, Select, SelectOption } from '../../core/message.js';
import { toSlackActionId } from './action-id.js';
import { renderPlain } from './render-mrkdwn.js';
import { SLACK_LIMITS as L, clip } from './slack-text.js';

export type SlackObject = Record<string, unknown>;

export function plainText(text: string, max: number): SlackObject {
  return { type: 'plain_text', text: clip(renderPlain(text) || ' ', max), emoji: true };
}

export function renderElement(element: ActionElement, index: number): SlackObject {
  return element.type === 'button' ? renderButton(element, index) : renderSelect(element, index);
}

function renderButton(button: Button, index: number): SlackObject {
  const out: SlackObject = {
    type: 'button',
    action_id: toSlackActionId(button.actionId, index),
    text: plainText(button.label, L.buttonText),
    value: button.value.slice(0, L.buttonValue),
  };
  if (button.style) out.style = button.style;
  const confirm = button.confirm ?? (button.style === 'danger' ? defaultConfirm(button) : undefined);
  if (confirm) out.confirm = renderConfirm(confirm, button.style === 'danger');
  return out;
}

/** Danger buttons always ask first, even when the core gave no wording. */
function defaultConfirm(button: Button): Confirm {
  return { title: `${button.label.replace(/…$/, '')}?`, text: `Are you sure? This is "${button.label}".`, confirm: 'Yes', deny: 'Cancel' };
}

function renderConfirm(confirm: Confirm, danger: boolean): SlackObject {
  return {
    title: plainText(confirm.title, L.confirmTitle),
    text: plainText(confirm.text, L.confirmText),
    confirm: plainText(confirm.confirm, L.confirmButton),
    deny: plainText(confirm.deny, L.confirmButton),
    ...(danger ? { style: 'danger' } : {}),
  };
}

function renderSelect(select: Select, index: number): SlackObject {
  const options = select.options.slice(0, L.options).map(renderOption);
  const out: SlackObject = {
    type: 'static_select',
    action_id: toSlackActionId(select.actionId, index),
    placeholder: plainText(select.placeholder, L.placeholder),
    options,
  };
  const initial = options.find((o) => o.value === select.initial);
  if (initial) out.initial_option = initial;
  return out;
}

export function renderOption(option: SelectOption): SlackObject & { value: string } {
  const out: SlackObject & { value: string } = { text: plainText(option.label, L.optionText), value: option.value.slice(0, L.optionValue) };
  if (option.description) out.description = plainText(option.description, L.optionText);
  return out;
}
