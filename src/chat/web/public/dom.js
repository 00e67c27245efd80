// A tiny DOM builder. Text is always set through text nodes: user data never becomes HTML.

/**
 * h('button', { className: 'btn', type: 'button', 'aria-label': 'Close', onclick }, 'Close')
 * Keys starting with `on` become listeners, `aria-*`/`data-*`/`role`/`for` become attributes,
 * everything else is set as a property. Children may be strings, nodes, arrays, null or false.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'for') {
      el.setAttribute(key, value === true ? '' : String(value));
    } else el[key] = value;
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Small inline SVG icons, built as DOM (no markup strings). */
const ICONS = {
  close: ['M6 6l12 12', 'M18 6L6 18'],
  back: ['M15 5l-7 7 7 7'],
  menu: ['M4 7h16', 'M4 12h16', 'M4 17h16'],
  send: ['M4 12l16-8-6 16-2.5-6.5z', 'M11.5 13.5L20 4'],
  thread: ['M5 6h14v9H9l-4 4z'],
  eye: ['M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z', 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z'],
  bolt: ['M13 2L4 14h7l-1 8 9-12h-7z'],
  copy: ['M9 9h10v10H9z', 'M5 15V5h10'],
  hash: ['M9 4L7 20', 'M17 4l-2 16', 'M4 9h16', 'M3 15h16'],
};

export function icon(name, className = 'icon') {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICONS[name] ?? []) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
