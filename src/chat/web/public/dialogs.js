// Dialogs: the core's modals, confirmations and the display-name prompt, all native <dialog>s.
import { h, icon } from './dom.js';
import { renderInline } from './render.js';

let dialogCount = 0;

function createDialog(className, labelId) {
  const dialog = h('dialog', { className: `dialog ${className}`, 'aria-labelledby': labelId });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  return dialog;
}

function closeButton(dialog) {
  return h('button', { type: 'button', className: 'icon-btn', 'aria-label': 'Close dialog', onclick: () => dialog.close() }, icon('close'));
}

/**
 * Opens a core `Modal`. `submit(values)` answers `{ ok: true }` to close the dialog or
 * `{ ok: false, message }` to keep it open with the error shown.
 */
export function openModal(modal, submit) {
  const id = `dlg-${++dialogCount}`;
  const dialog = createDialog('modal', `${id}-title`);
  const error = h('p', { className: 'form-error', role: 'alert', hidden: true });
  const submitButton = h('button', { type: 'submit', className: 'btn btn-primary' }, modal.submitLabel || 'Submit');
  const fields = modal.inputs.map((input, index) => renderInput(input, `${id}-in-${index}`));

  const form = h(
    'form',
    { className: 'dialog-form', noValidate: false },
    h('header', { className: 'dialog-head' }, h('h2', { id: `${id}-title` }, modal.title), closeButton(dialog)),
    h('div', { className: 'dialog-body' }, fields.map((f) => f.row)),
    error,
    h(
      'footer',
      { className: 'dialog-foot' },
      h('button', { type: 'button', className: 'btn btn-default', onclick: () => dialog.close() }, 'Cancel'),
      submitButton,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = {};
    for (const { input, control } of fields) {
      const value = control.value;
      if (value !== '') values[input.id] = value;
    }
    submitButton.disabled = true;
    error.hidden = true;
    const result = await submit(values);
    submitButton.disabled = false;
    if (result.ok) dialog.close();
    else {
      error.textContent = result.message;
      error.hidden = false;
    }
  });
  dialog.append(form);
  dialog.showModal();
  fields[0]?.control.focus();
  return dialog;
}

function renderInput(input, id) {
  const label = h('label', { for: id }, input.label, input.optional ? h('span', { className: 'optional' }, ' (optional)') : null);
  let control;
  if (input.type === 'select') {
    const options = input.options.map((option) =>
      h('option', { value: option.value, title: option.description ?? '', selected: option.value === input.initial }, option.label),
    );
    const known = input.options.some((option) => option.value === input.initial);
    const empty = h('option', { value: '', selected: !known }, input.optional ? 'None' : 'Choose…');
    control = h('select', { id, className: 'select', required: !input.optional }, empty, options);
  } else {
    const props = {
      id,
      className: 'input',
      required: !input.optional,
      placeholder: input.placeholder ?? '',
      value: input.initial ?? '',
    };
    if (input.maxLength) props.maxLength = input.maxLength;
    control = input.multiline ? h('textarea', { ...props, rows: 4 }) : h('input', { ...props, type: 'text' });
  }
  return { input, control, row: h('div', { className: 'form-row' }, label, control) };
}

/** Asks before a consequential click; resolves to true when confirmed. */
export function confirmDialog(confirm, danger) {
  return new Promise((resolve) => {
    const id = `dlg-${++dialogCount}`;
    const dialog = createDialog('confirm', `${id}-title`);
    let answer = false;
    const yes = h('button', { type: 'submit', className: `btn ${danger ? 'btn-danger' : 'btn-primary'}` }, confirm.confirm || 'Confirm');
    const form = h(
      'form',
      { className: 'dialog-form', method: 'dialog' },
      h('header', { className: 'dialog-head' }, h('h2', { id: `${id}-title` }, confirm.title), closeButton(dialog)),
      h('div', { className: 'dialog-body' }, h('p', {}, renderInline(confirm.text))),
      h(
        'footer',
        { className: 'dialog-foot' },
        h('button', { type: 'button', className: 'btn btn-default', onclick: () => dialog.close() }, confirm.deny || 'Cancel'),
        yes,
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => resolve(answer));
    dialog.append(form);
    dialog.showModal();
    yes.focus();
  });
}

/** Asks for the display name; `required` on first visit (no way to dismiss it). */
export function askName(current, { required }) {
  return new Promise((resolve) => {
    const id = `dlg-${++dialogCount}`;
    const dialog = createDialog('name-dialog', `${id}-title`);
    let answer = null;
    const input = h('input', {
      id: `${id}-name`,
      className: 'input',
      type: 'text',
      required: true,
      maxLength: 64,
      autocomplete: 'name',
      placeholder: 'e.g. Alice Martin',
      value: current ?? '',
    });
    const form = h(
      'form',
      { className: 'dialog-form' },
      h(
        'header',
        { className: 'dialog-head' },
        h('h2', { id: `${id}-title` }, required ? 'Welcome to Firebreak' : 'Change your name'),
        required ? null : closeButton(dialog),
      ),
      h(
        'div',
        { className: 'dialog-body' },
        h('p', { className: 'muted' }, 'Pick the name your teammates will see on the incidents you work on.'),
        h('div', { className: 'form-row' }, h('label', { for: input.id }, 'Display name'), input),
      ),
      h(
        'footer',
        { className: 'dialog-foot' },
        required ? null : h('button', { type: 'button', className: 'btn btn-default', onclick: () => dialog.close() }, 'Cancel'),
        h('button', { type: 'submit', className: 'btn btn-primary' }, required ? 'Continue' : 'Save'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = input.value.replace(/\s+/g, ' ').trim();
      if (!/[\p{L}\p{N}]/u.test(name)) {
        input.setCustomValidity('Use at least one letter or digit.');
        input.reportValidity();
        return;
      }
      answer = name;
      dialog.close();
    });
    input.addEventListener('input', () => input.setCustomValidity(''));
    if (required) dialog.addEventListener('cancel', (event) => event.preventDefault());
    dialog.addEventListener('close', () => resolve(answer));
    dialog.append(form);
    dialog.showModal();
    input.focus();
  });
}
