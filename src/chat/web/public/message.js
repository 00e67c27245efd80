// One message in a list: the bot's avatar and name, the time, "(edited)", the blocks, a thread link.
import { h, icon } from './dom.js';
import { renderCompactHeader, isIncidentHeader } from './compact-header.js';
import { formatFull, formatTime, renderBlocks } from './render.js';

const BOT_NAME = 'Firebreak';

/** `row` is a console message row; `thread` (for roots in the channel) adds the "View thread" link. */
export function createMessage(row, { compact = false, handlers = {}, thread = null, keepable = false } = {}) {
  const message = row.message ?? { text: '', blocks: [] };
  // In the channel an incident's header is compact; its thread shows it whole.
  const body = thread && isIncidentHeader(message) ? renderCompactHeader(message, handlers) : renderBlocks(message, handlers);

  const edited = row.updatedAt > row.createdAt;
  const time = h('time', { className: 'msg-time', dateTime: new Date(row.createdAt).toISOString(), title: formatFull(row.createdAt) }, formatTime(row.createdAt));
  const editedMark = edited ? h('span', { className: 'msg-edited', title: `Edited ${formatFull(row.updatedAt)}` }, '(edited)') : null;

  const gutter = compact
    ? h('div', { className: 'msg-gutter' }, time)
    : h('div', { className: 'msg-gutter' }, h('img', { className: 'avatar avatar-bot', src: '/assets/favicon.svg', alt: '', width: 36, height: 36 }));
  const head = compact
    ? null
    : h('div', { className: 'msg-head' }, h('span', { className: 'msg-author' }, BOT_NAME), h('span', { className: 'app-badge' }, 'APP'), time, editedMark);

  // A file the message carries (the post-mortem draft), served by the console as a download.
  const file = message.attachment
    ? h('a', { className: 'msg-file', href: `/console/api/messages/${row.id}/attachment`, download: message.attachment.filename }, `📎 ${message.attachment.filename}`)
    : null;
  // "Add to timeline": a thread message kept on its incident's timeline, with its time and a link back.
  const keep = keepable && row.incidentId && handlers.onKeep
    ? h('div', { className: 'msg-keep' }, h('button', { type: 'button', className: 'btn btn-ghost btn-keep', onclick: (event) => handlers.onKeep(row, event.currentTarget) }, 'Add to timeline'))
    : null;
  const main = h('div', { className: 'msg-main' }, head, body, file, compact && editedMark ? h('div', { className: 'msg-meta' }, editedMark) : null, keep);
  const article = h(
    'article',
    {
      className: `msg${compact ? ' compact' : ''}${thread ? ' root' : ''}${thread?.open ? ' thread-open' : ''}`,
      'data-id': row.id,
      'aria-label': `${BOT_NAME} at ${formatTime(row.createdAt)}${edited ? ', edited' : ''}`,
    },
    gutter,
    main,
  );

  if (thread) {
    const link = h(
      'button',
      { type: 'button', className: 'thread-link', onclick: thread.onOpen },
      icon('thread'),
      h('span', {}, thread.open ? 'Thread open' : 'View thread'),
      thread.isNew ? h('span', { className: 'thread-new' }, 'New replies') : null,
    );
    main.append(h('div', { className: 'msg-thread' }, link));
    article.addEventListener('click', (event) => {
      // A click on the message itself opens its thread; controls, links and text selection do not.
      if (event.target.closest('button, a, select, input, textarea, pre, summary')) return;
      if (!getSelection()?.isCollapsed) return;
      thread.onOpen();
    });
  }
  return article;
}
