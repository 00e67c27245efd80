// Renders the neutral message model (src/core/message.ts) as DOM.
import { h, icon } from './dom.js';
import { isSafeUrl, parseInline } from './markup.js';

/** Inline markup → a fragment of text nodes and elements. */
export function renderInline(text, { onInternalLink } = {}) {
  const fragment = document.createDocumentFragment();
  for (const span of parseInline(text)) {
    if (span.type === 'bold') fragment.append(h('strong', {}, span.text));
    else if (span.type === 'italic') fragment.append(h('em', {}, span.text));
    else if (span.type === 'code') fragment.append(h('code', { className: 'inline-code' }, span.text));
    else if (span.type === 'mention') {
      fragment.append(h('span', { className: 'mention', title: span.userId }, `@${span.name}`));
    } else if (span.type === 'link') fragment.append(renderLink(span, onInternalLink));
    else fragment.append(span.text);
  }
  return fragment;
}

function renderLink(span, onInternalLink) {
  if (!isSafeUrl(span.url)) return document.createTextNode(span.text);
  const url = new URL(span.url);
  // Links to the console itself (an incident's thread) open in place; anything else in a new tab.
  const internal = onInternalLink && url.origin === location.origin && /^\/(incidents\/[^/]+\/?)?$/.test(url.pathname);
  const props = { href: url.href, className: 'link' };
  if (internal) {
    props.onclick = (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      onInternalLink(url);
    };
  } else {
    props.target = '_blank';
    props.rel = 'noopener noreferrer';
  }
  return h('a', props, span.text);
}

/**
 * The blocks of a message. `handlers.onAction(element, value, control)` runs on a click or a
 * select change; `handlers.onCopy(text, button)` copies a code block.
 */
export function renderBlocks(message, handlers = {}) {
  const accent = message.accent ? ` accent accent-${message.accent}` : '';
  const body = h('div', { className: `msg-body${accent}` });
  const blocks = Array.isArray(message.blocks) && message.blocks.length ? message.blocks : [{ type: 'text', text: message.text ?? '' }];
  for (const block of blocks) {
    const el = renderBlock(block, handlers);
    if (el) body.append(el);
  }
  return body;
}

function renderBlock(block, handlers) {
  switch (block.type) {
    case 'text':
      return h('p', { className: 'blk-text' }, renderInline(block.text, handlers));
    case 'context':
      return h('p', { className: 'blk-context' }, renderInline(block.text, handlers));
    case 'divider':
      return h('hr', { className: 'blk-divider' });
    case 'fields':
      return h(
        'dl',
        { className: 'blk-fields' },
        block.fields.map((field) =>
          h('div', { className: 'field' }, h('dt', {}, field.label), h('dd', {}, renderInline(keepUnits(field.value), handlers))),
        ),
      );
    case 'code':
      return renderCode(block, handlers);
    case 'actions':
      return h('div', { className: 'blk-actions' }, block.elements.map((element) => renderElement(element, handlers)));
    default:
      return null;
  }
}

/** `15 min`, `2 h`: a narrow field wraps before the number, never between it and its unit. */
function keepUnits(text) {
  return text.replace(/(\d) (?=(?:s|min|h|d)\b)/g, '$1\u00a0');
}

function renderCode(block, handlers) {
  const copy = h(
    'button',
    { type: 'button', className: 'btn btn-ghost btn-copy', 'aria-label': 'Copy code' },
    icon('copy'),
    h('span', { className: 'btn-copy-label' }, 'Copy'),
  );
  copy.addEventListener('click', () => handlers.onCopy?.(block.text, copy));
  const label = block.language ? h('span', { className: 'code-lang' }, block.language) : null;
  return h('div', { className: 'blk-code' }, h('div', { className: 'code-bar' }, label, copy), h('pre', {}, h('code', {}, block.text)));
}

function renderElement(element, handlers) {
  if (element.type === 'button') {
    const style = element.style === 'primary' || element.style === 'danger' ? element.style : 'default';
    const button = h('button', { type: 'button', className: `btn btn-${style}` }, element.label);
    button.addEventListener('click', () => handlers.onAction?.(element, element.value, button));
    return button;
  }
  if (element.type === 'select') {
    const known = element.options.some((option) => option.value === element.initial);
    const placeholder = h('option', { value: '', disabled: true, selected: !known }, element.placeholder);
    const options = element.options.map((option) =>
      h('option', { value: option.value, title: option.description ?? '', selected: option.value === element.initial }, option.label),
    );
    const select = h('select', { className: 'select', 'aria-label': element.placeholder }, placeholder, options);
    select.addEventListener('change', () => {
      if (select.value) handlers.onAction?.(element, select.value, select);
    });
    return select;
  }
  return null;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

export function formatTime(ms) {
  return timeFormat.format(ms);
}

export function formatFull(ms) {
  return fullFormat.format(ms);
}

export function dayKey(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(ms) {
  const today = new Date();
  if (dayKey(ms) === dayKey(today.getTime())) return 'Today';
  if (dayKey(ms) === dayKey(today.getTime() - 86_400_000)) return 'Yesterday';
  return dayFormat.format(ms);
}
