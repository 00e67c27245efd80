// The console's client-side state: every message row seen, what is open, what is unread.

export const PAGE = 100;

export const state = {
  name: null,
  channel: 'incidents',
  /** `{ rootId, incidentId }` of the open thread. */
  thread: null,
  rows: new Map(),
  /** Lowest loaded id per channel / for the open thread (older rows are paged in on demand). */
  oldest: { incidents: Infinity, status: Infinity, thread: Infinity },
  hasMore: { incidents: false, status: false, thread: false },
  loaded: { incidents: false, status: false },
  /** From `/api/incidents`; `null` when the scripting API is not reachable. */
  incidents: null,
  unread: new Set(),
  newReplies: new Set(),
};

export function store(row) {
  const known = state.rows.get(row.id);
  if (known && known.updatedAt > row.updatedAt) return known;
  state.rows.set(row.id, row);
  return row;
}

export const inChannel = (row, channel) => row.channel === channel && row.threadId === null;
export const inThread = (row) => state.thread && row.threadId === String(state.thread.rootId);

export function rowsOf(predicate, oldest) {
  return [...state.rows.values()].filter((row) => predicate(row) && row.id >= oldest).sort((a, b) => a.id - b.id);
}

export function rootOf(incidentId) {
  for (const row of state.rows.values()) {
    if (inChannel(row, 'incidents') && row.incidentId === incidentId) return row;
  }
  return undefined;
}

/** Keeps the newer of two copies of a row (a page fetched before an edit arrived live). */
export function storeAll(rows) {
  for (const row of rows) store(row);
}
