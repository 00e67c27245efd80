// The command box: `/incident …` with Enter to send, Shift+Enter for a new line, ↑/↓ for history.
import { h, icon } from './dom.js';

const HISTORY_KEY = 'firebreak.history';
const HISTORY_SIZE = 50;

function loadHistory() {
  try {
    const list = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function remember(command) {
  const history = loadHistory().filter((item) => item !== command);
  history.push(command);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(-HISTORY_SIZE)));
  } catch {
    // Storage may be full or disabled (private windows); history is a convenience.
  }
}

/** `/incident declare Checkout is down` → `declare Checkout is down`. */
export function toCommandText(input) {
  const text = input.trim().replace(/^\/incident\b/i, '').trim();
  return text || 'help';
}

/**
 * `onSend(text, typed)` receives the text after `/incident` and the line as typed; it answers
 * true when the command went through (then the box is cleared).
 */
export function createComposer({ id, label, placeholder, hint, onSend }) {
  const textarea = h('textarea', {
    id,
    className: 'composer-input',
    rows: 1,
    placeholder,
    autocomplete: 'off',
    spellcheck: true,
    'aria-describedby': `${id}-hint`,
  });
  const send = h('button', { type: 'submit', className: 'icon-btn composer-send', 'aria-label': 'Send command' }, icon('send'));
  const form = h(
    'form',
    { className: 'composer-form' },
    h('label', { for: id, className: 'visually-hidden' }, label),
    h('div', { className: 'composer-box' }, textarea, send),
    h('p', { id: `${id}-hint`, className: 'composer-hint' }, hint),
  );

  let browsing = -1;
  let busy = false;
  const resize = () => {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
  };
  const submit = async () => {
    const typed = textarea.value.trim();
    if (!typed || busy) return;
    busy = true;
    send.disabled = true;
    form.setAttribute('aria-busy', 'true');
    remember(typed);
    browsing = -1;
    const ok = await onSend(toCommandText(typed), typed);
    busy = false;
    send.disabled = false;
    form.removeAttribute('aria-busy');
    if (ok) {
      textarea.value = '';
      resize();
    }
    textarea.focus();
  };
  const recall = (direction) => {
    const history = loadHistory();
    if (!history.length) return false;
    const next = browsing === -1 ? (direction < 0 ? history.length - 1 : -1) : browsing + direction;
    if (next < 0 && direction < 0) return true;
    browsing = next >= history.length ? -1 : next;
    textarea.value = browsing === -1 ? '' : history[browsing];
    resize();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    return true;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  textarea.addEventListener('input', () => {
    browsing = -1;
    resize();
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    } else if (event.key === 'ArrowUp' && (textarea.value === '' || browsing !== -1) && !textarea.value.slice(0, textarea.selectionStart).includes('\n')) {
      if (recall(-1)) event.preventDefault();
    } else if (event.key === 'ArrowDown' && browsing !== -1) {
      if (recall(1)) event.preventDefault();
    }
  });

  return { element: form, focus: () => textarea.focus(), textarea };
}
