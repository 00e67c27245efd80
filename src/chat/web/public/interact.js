// What the reader does: commands, clicks and modal submissions, and the private replies they get.
import { errorMessage, request } from './api.js';
import { confirmDialog, openModal } from './dialogs.js';
import { h, icon } from './dom.js';
import { renderBlocks } from './render.js';
import { showToast } from './toast.js';

const MAX_NOTICES = 3;

/**
 * `incidentOf(pane)` names the incident a pane ('channel' | 'thread') is about; `chooseName()`
 * asks for a display name when the server wants one; `navigate(href)` follows an in-app link.
 */
export function createInteractions({ incidentOf, chooseName, navigate, onDone = () => {} }) {
  async function call(path, body) {
    let result = await request('POST', path, body);
    if (result.status === 400 && result.data?.error === 'name_required' && (await chooseName())) {
      result = await request('POST', path, body);
    }
    return result;
  }

  /** Handlers for a message's buttons, selects, code blocks and links. */
  function handlersFor(incidentId, pane) {
    return {
      onAction: (element, value, control) => runAction(element, value, control, { incidentId, pane }),
      onCopy: copyText,
      onInternalLink: (url) => navigate(url.pathname + url.search),
      onKeep: (row, control) => keepMessage(row, control, pane),
    };
  }

  /** "Add to timeline" on a thread message. */
  async function keepMessage(row, control, pane) {
    control.disabled = true;
    const result = await call('/console/api/evidence', { messageId: row.id });
    control.disabled = false;
    if (result.ok) showToast('Added to the timeline');
    showReply(result, pane, 'Add to timeline');
  }

  function showReply(result, pane, label) {
    if (!result.ok) return addNotice(pane, { error: errorMessage(result), label });
    const reply = result.data ?? {};
    if (reply.message) addNotice(pane, { message: reply.message, label });
    if (reply.modal) openCoreModal(reply.modal, pane);
  }

  /** Sends the text after `/incident`; true when the box may be cleared. */
  async function runCommand(text, typed, pane) {
    const incidentId = incidentOf(pane);
    const result = await call('/console/api/command', incidentId ? { text, incidentId } : { text });
    showReply(result, pane, typed.startsWith('/') ? typed : `/incident ${typed}`);
    // Keep what was typed when the server could not be reached, so it can be sent again.
    return result.status !== 0;
  }

  async function runAction(element, value, control, { incidentId, pane }) {
    if (element.type === 'button' && element.confirm) {
      const confirmed = await confirmDialog(element.confirm, element.style === 'danger');
      if (!confirmed) return;
    }
    control.disabled = true;
    control.setAttribute('aria-busy', 'true');
    const body = { actionId: element.actionId, value };
    if (incidentId) body.incidentId = incidentId;
    const result = await call('/console/api/action', body);
    control.disabled = false;
    control.removeAttribute('aria-busy');
    if (!result.ok && element.type === 'select') control.value = element.initial ?? '';
    // A choice made in a private reply (the runbook picker) is done with: the reply closes, the thread says what happened.
    const notice = control.closest('.notice');
    if (result.ok && notice && element.type === 'select') {
      notice.remove();
      if (element.actionId === 'fb.runbook.pick') showToast(`Attached: ${control.selectedOptions?.[0]?.textContent ?? 'the runbook'}`);
    }
    showReply(result, pane, element.type === 'button' ? element.label : element.placeholder);
    if (result.ok) onDone({ kind: 'action', actionId: element.actionId, value, incidentId: value.split('|')[0] || incidentId });
  }

  function openCoreModal(modal, pane) {
    openModal(modal, async (values) => {
      const result = await call('/console/api/submit', { modalId: modal.id, privateValue: modal.privateValue, values });
      if (!result.ok) return { ok: false, message: errorMessage(result) };
      const reply = result.data ?? {};
      if (reply.message) addNotice(pane, { message: reply.message, label: modal.title });
      onDone({ kind: 'submit', modalId: modal.id, text: reply.message?.text ?? '' });
      // A follow-up modal opens once this one has closed.
      if (reply.modal) setTimeout(() => openCoreModal(reply.modal, pane));
      return { ok: true };
    });
  }

  /** An ephemeral reply above the pane's command box: "Only visible to you". */
  function addNotice(pane, { message, error, label }) {
    const container = document.getElementById(`${pane}-notices`);
    const notice = h('div', { className: `notice${error ? ' notice-error' : ''}`, role: error ? 'alert' : null });
    const dismiss = h(
      'button',
      { type: 'button', className: 'icon-btn notice-close', 'aria-label': 'Dismiss', onclick: () => notice.remove() },
      icon('close'),
    );
    const head = h(
      'div',
      { className: 'notice-head' },
      icon('eye'),
      h('span', {}, 'Only visible to you'),
      label ? h('span', { className: 'notice-label' }, `· ${label}`) : null,
      dismiss,
    );
    const body = error
      ? h('div', { className: 'msg-body' }, h('p', { className: 'blk-text' }, error))
      : renderBlocks(message, handlersFor(incidentOf(pane), pane));
    notice.append(head, body);
    container.append(notice);
    while (container.children.length > MAX_NOTICES) container.firstElementChild.remove();
  }

  async function copyText(text, button) {
    const label = button.querySelector('.btn-copy-label');
    try {
      await navigator.clipboard.writeText(text);
      label.textContent = 'Copied';
      setTimeout(() => (label.textContent = 'Copy'), 1500);
    } catch {
      // No clipboard permission (e.g. plain http on another host): select the text instead.
      const pre = button.closest('.blk-code')?.querySelector('pre');
      if (pre) getSelection()?.selectAllChildren(pre);
      showToast('Press Ctrl+C (⌘C) to copy the selected text');
    }
  }

  async function sendTestAlert(button) {
    button.disabled = true;
    const result = await request('POST', '/console/api/test-alert', {});
    button.disabled = false;
    const incidents = result.data?.body?.incidents;
    if (!result.ok) {
      showToast(`Test alert failed: ${result.data?.body?.message ?? errorMessage(result)}`, 'error');
    } else if (Array.isArray(incidents) && incidents.length) {
      showToast(`Test alert accepted → ${incidents.join(', ')}`);
    } else showToast('Test alert sent');
  }

  return { handlersFor, runCommand, sendTestAlert };
}
