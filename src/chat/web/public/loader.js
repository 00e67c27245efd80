// Fetching message pages and the incident list into the client state.
import { errorMessage, getIncidents, getMessages } from './api.js';
import { PAGE, state, storeAll } from './state.js';
import { toSidebarIncident } from './sidebar.js';
import { showToast } from './toast.js';

/**
 * `onChannel(channel)`, `onThread()`, `onOlder(which)` and `onIncidents()` re-render what was
 * loaded. Concurrent loads of the same channel share one request.
 */
export function createLoader({ onChannel, onThread, onOlder, onIncidents }) {
  const channelLoads = {};
  let incidentsTimer = null;

  function loadChannel(channel) {
    channelLoads[channel] ??= fetchChannel(channel).finally(() => delete channelLoads[channel]);
    return channelLoads[channel];
  }

  async function fetchChannel(channel) {
    const result = await getMessages({ channel, limit: PAGE });
    if (!result.ok) return showToast(`Could not load #${channel}: ${errorMessage(result)}`, 'error');
    storeAll(result.data);
    const first = result.data[0]?.id ?? Infinity;
    // A reload keeps the older pages the reader already paged in, and a page read before a message
    // that came live meanwhile does not hide that message.
    if (first <= state.oldest[channel]) {
      state.oldest[channel] = first;
      state.hasMore[channel] = result.data.length === PAGE;
    }
    state.loaded[channel] = true;
    onChannel(channel);
  }

  async function loadThread() {
    const thread = state.thread;
    if (!thread) return;
    const result = await getMessages({ thread: thread.rootId, limit: PAGE });
    if (state.thread !== thread) return;
    if (!result.ok) return showToast(`Could not load the thread: ${errorMessage(result)}`, 'error');
    storeAll(result.data);
    const replies = result.data.filter((row) => row.id !== thread.rootId);
    const first = replies[0]?.id ?? Infinity;
    // As for a channel: a reply that came live while this page was on its way stays in view.
    if (first <= state.oldest.thread) {
      state.oldest.thread = first;
      state.hasMore.thread = replies.length === PAGE;
    }
    onThread();
  }

  /** Pages in older messages of a channel or of the open thread; answers how many came. */
  async function loadOlder(which) {
    const thread = state.thread;
    const params = which === 'thread' ? { thread: thread?.rootId } : { channel: which };
    const result = await getMessages({ ...params, before: state.oldest[which], limit: PAGE });
    if (which === 'thread' && state.thread !== thread) return 0;
    if (!result.ok) {
      showToast(errorMessage(result), 'error');
      return 0;
    }
    storeAll(result.data);
    state.hasMore[which] = result.data.length === PAGE;
    if (result.data.length) state.oldest[which] = result.data[0].id;
    onOlder(which);
    return result.data.length;
  }

  async function refreshIncidents() {
    const list = await getIncidents();
    state.incidents = list ? list.map(toSidebarIncident) : null;
    onIncidents();
  }

  function refreshIncidentsSoon() {
    clearTimeout(incidentsTimer);
    incidentsTimer = setTimeout(refreshIncidents, 250);
  }

  return { loadChannel, loadThread, loadOlder, refreshIncidents, refreshIncidentsSoon };
}
