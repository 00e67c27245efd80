// Short-lived notes in the corner: "Test alert accepted", "Could not load #status".
import { h } from './dom.js';

export function showToast(text, kind = 'info') {
  const toasts = document.getElementById('toasts');
  const toast = h('div', { className: `toast toast-${kind}` }, text);
  toasts.append(toast);
  setTimeout(() => toast.remove(), kind === 'error' ? 8000 : 5000);
}
