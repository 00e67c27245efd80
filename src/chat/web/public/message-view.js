// A scrolling list of messages: day separators, grouping, in-place edits, live appends.
import { clear, h } from './dom.js';
import { dayKey, formatDay } from './render.js';

const GROUP_MS = 5 * 60_000;

export class MessageView {
  /**
   * `renderRow(row, { compact })` builds one message; `empty()` the placeholder of an empty list;
   * `onLoadOlder()` loads the previous page when the "older messages" button is pressed.
   */
  constructor({ scroller, list, renderRow, empty, onLoadOlder }) {
    this.scroller = scroller;
    this.list = list;
    this.renderRow = renderRow;
    this.empty = empty;
    this.onLoadOlder = onLoadOlder;
    this.rows = [];
    this.hasMore = false;
    this.pill = h('button', { type: 'button', className: 'new-pill', hidden: true, onclick: () => this.scrollToBottom() }, 'New messages ↓');
    scroller.append(this.pill);
    // Stay pinned to the newest message while the pane resizes (a thread opens, the window narrows).
    this.pinned = true;
    scroller.addEventListener('scroll', () => {
      this.pinned = this.isNearBottom();
      if (this.pinned) this.pill.hidden = true;
    });
    new ResizeObserver(() => {
      if (this.pinned) this.scrollToBottom();
    }).observe(list);
    new ResizeObserver(() => {
      if (this.pinned) this.scrollToBottom();
    }).observe(scroller);
  }

  /**
   * Replaces the whole list. `keep`: `'bottom'` scrolls to the newest; `'anchor'` keeps the rows in
   * view still when older ones are added above; `'keep'` keeps the scroll position (or the bottom).
   */
  render(rows, { hasMore = false, keep = 'bottom' } = {}) {
    const top = this.scroller.scrollTop;
    const fromBottom = this.scroller.scrollHeight - top;
    const wasNearBottom = this.isNearBottom();
    this.rows = rows;
    this.hasMore = hasMore;
    clear(this.list);
    if (hasMore) {
      this.list.append(
        h('div', { className: 'older' }, h('button', { type: 'button', className: 'btn btn-ghost', onclick: () => this.onLoadOlder?.() }, 'Load older messages')),
      );
    }
    if (!rows.length && this.empty) this.list.append(this.empty());
    rows.forEach((row, index) => this.#appendRow(row, rows[index - 1]));
    if (keep === 'anchor') this.scroller.scrollTop = this.scroller.scrollHeight - fromBottom;
    else if (keep === 'keep' && !wasNearBottom) this.scroller.scrollTop = top;
    else if (keep === 'bottom' || wasNearBottom) this.scrollToBottom();
  }

  /** Adds or edits one row; answers what happened. */
  upsert(row) {
    const index = this.rows.findIndex((r) => r.id === row.id);
    if (index >= 0) {
      this.rows[index] = row;
      const old = this.list.querySelector(`[data-id="${row.id}"]`);
      if (old) {
        const compact = old.classList.contains('compact');
        old.replaceWith(this.renderRow(row, { compact }));
      }
      return 'updated';
    }
    const last = this.rows[this.rows.length - 1];
    if (last && row.id < last.id) {
      this.rows = [...this.rows, row].sort((a, b) => a.id - b.id);
      this.render(this.rows, { hasMore: this.hasMore, keep: 'anchor' });
      return 'inserted';
    }
    const nearBottom = this.pinned || this.isNearBottom();
    if (!this.rows.length) clear(this.list);
    this.rows.push(row);
    this.#appendRow(row, last);
    if (nearBottom) this.scrollToBottom();
    else this.pill.hidden = false;
    return 'appended';
  }

  /** Re-renders one row in place (its surroundings changed, e.g. a "new replies" badge). */
  refresh(id) {
    const row = this.rows.find((r) => r.id === id);
    if (row) this.upsert(row);
  }

  isNearBottom() {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 80;
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.pinned = true;
    this.pill.hidden = true;
  }

  #appendRow(row, previous) {
    const newDay = !previous || dayKey(previous.createdAt) !== dayKey(row.createdAt);
    if (newDay) {
      this.list.append(h('div', { className: 'day', role: 'separator' }, h('span', {}, formatDay(row.createdAt))));
    }
    const compact = !newDay && row.createdAt - previous.createdAt < GROUP_MS;
    this.list.append(this.renderRow(row, { compact }));
  }
}
