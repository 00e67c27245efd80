// An incident's header as the #incidents channel lists it: the title, one line of severity ·
// status · commander, the main action, and the rest (fields, context, other actions) behind "More".
// The thread shows the full header.
import { h } from './dom.js';
import { renderBlocks } from './render.js';

/** True for the neutral header message (src/core/render-incident.ts `renderHeader`). */
export function isIncidentHeader(message) {
  return (message?.blocks ?? []).some((b) => b.type === 'fields' && b.fields.some((f) => f.label === 'Severity'));
}

export function renderCompactHeader(message, handlers) {
  const blocks = message.blocks;
  const title = blocks.find((b) => b.type === 'text');
  const fields = blocks.find((b) => b.type === 'fields')?.fields ?? [];
  const value = (label) => fields.find((f) => f.label === label)?.value ?? '';
  const severity = value('Severity').split(' · ')[0];
  const commander = value('Commander');
  const line = [severity, value('Status'), commander && commander !== '_none_' ? `commander ${commander}` : 'no commander'].filter(Boolean).join(' · ');

  const elements = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
  const main = elements.find((e) => e.type === 'button' && e.style === 'primary') ?? elements.find((e) => e.type === 'button');
  const rest = blocks.filter((b) => b !== title && b.type !== 'actions');
  const others = elements.filter((e) => e !== main);

  const head = [
    { type: 'text', text: (title?.text ?? message.text ?? '').split('\n')[0] },
    { type: 'context', text: line },
    ...(main ? [{ type: 'actions', elements: [main] }] : []),
  ];
  const body = renderBlocks({ ...message, blocks: head }, handlers);
  body.classList.add('compact-header');
  const more = renderBlocks({ blocks: [...rest, ...(others.length ? [{ type: 'actions', elements: others }] : [])] }, handlers);
  const details = h('details', { className: 'header-more' }, h('summary', {}, 'More'), more);
  const actions = body.querySelector('.blk-actions');
  if (actions) actions.append(details);
  else body.append(details);
  return body;
}
