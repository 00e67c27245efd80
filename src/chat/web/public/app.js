// The Firebreak web console: a chat client for the built-in "web" chat surface.
import { getName, setName } from './api.js';
import { createComposer } from './composer.js';
import { askName } from './dialogs.js';
import { clear, h, icon } from './dom.js';
import { createInteractions } from './interact.js';
import { connectLive } from './live.js';
import { plainText } from './markup.js';
import { MessageView } from './message-view.js';
import { renderInline } from './render.js';
import { createMessage } from './message.js';
import { createLoader } from './loader.js';
import { incidentsFromRoots, renderChannels, renderIncidents, renderMe } from './sidebar.js';
import { inChannel, inThread, rootOf, rowsOf, state, store } from './state.js';
import { showToast } from './toast.js';

const $ = (id) => document.getElementById(id);
state.name = getName();

const TOPICS = {
  incidents: 'One thread per incident. Open a thread to work it.',
  status: 'Status updates broadcast from incident threads.',
};

// ── Views ───────────────────────────────────────────────────────────────────

function rowHandlers(row, pane) {
  return interactions.handlersFor(row.incidentId ?? (pane === 'thread' ? state.thread?.incidentId : undefined), pane);
}

function emptyChannel() {
  if (!state.loaded[state.channel]) return h('p', { className: 'empty' }, 'Loading…');
  const incidents = state.channel === 'incidents';
  return h(
    'div',
    { className: 'empty' },
    h('p', { className: 'empty-title' }, incidents ? 'No incidents yet' : 'No status updates yet'),
    h(
      'p',
      {},
      renderInline(
        incidents
          ? 'Type `/incident declare Checkout is down` below, or send a test alert from the sidebar.'
          : 'Updates posted with `/incident update` in a thread appear here.',
      ),
    ),
  );
}

const channelView = new MessageView({
  scroller: $('channel-scroll'),
  list: $('channel-messages'),
  renderRow: (row, { compact }) => {
    const root = row.channel === 'incidents' && row.incidentId;
    return createMessage(row, {
      compact,
      handlers: rowHandlers(row, 'channel'),
      thread: root
        ? { isNew: state.newReplies.has(row.id), open: state.thread?.rootId === row.id, onOpen: () => openIncident(row.incidentId) }
        : null,
    });
  },
  empty: emptyChannel,
  onLoadOlder: () => loadOlder(state.channel),
});

const threadView = new MessageView({
  scroller: $('thread-scroll'),
  list: $('thread-messages'),
  renderRow: (row, { compact }) => createMessage(row, { compact, handlers: rowHandlers(row, 'thread'), keepable: true }),
  onLoadOlder: () => loadOlder('thread'),
});

function renderChannel(keep = 'bottom') {
  const channel = state.channel;
  $('channel-title').textContent = `# ${channel}`;
  $('channel-topic').textContent = TOPICS[channel];
  $('channel-messages').setAttribute('aria-label', `Messages in #${channel}`);
  channelView.render(rowsOf((row) => inChannel(row, channel), state.oldest[channel]), { hasMore: state.hasMore[channel], keep });
}

function renderThreadRoot() {
  const root = state.thread && state.rows.get(state.thread.rootId);
  const slot = clear($('thread-root'));
  if (root) slot.append(createMessage(root, { compact: false, handlers: rowHandlers(root, 'thread') }));
  const incidentId = state.thread?.incidentId ?? '';
  const title = root ? plainText(root.message.text ?? '') : '';
  const label = title.includes(incidentId) ? title : `${incidentId} ${title}`.trim();
  $('thread-topic').textContent = `#incidents · ${label}`;
  $('thread-topic').title = label;
  // The whole timeline (alert links, panel images, kept messages) is a page of its own.
  const timeline = $('thread-timeline');
  timeline.hidden = !/^INC-\d+$/.test(incidentId);
  timeline.href = `/incidents/${encodeURIComponent(incidentId)}/timeline`;
}

function renderThreadCount() {
  const count = threadView.rows.length;
  $('thread-count').replaceChildren(h('span', {}, count === 1 ? '1 reply' : `${count} replies`));
}

function renderThread(keep = 'bottom') {
  renderThreadRoot();
  threadView.render(rowsOf(inThread, state.oldest.thread), { hasMore: state.hasMore.thread, keep });
  renderThreadCount();
}

function renderSidebar() {
  const incidents = state.incidents ?? incidentsFromRoots(state.rows.values());
  renderChannels($('channel-list'), { current: state.channel, threadOpen: Boolean(state.thread), unread: state.unread, navigate });
  renderIncidents($('incident-list'), {
    incidents,
    current: state.thread?.incidentId,
    unread: new Set([...state.newReplies].map((id) => state.rows.get(id)?.incidentId).filter(Boolean)),
    navigate,
  });
  renderMe($('me'), { name: state.name, onChange: () => chooseName(false) });
}

function updateTitle() {
  const where = state.thread?.incidentId ?? `#${state.channel}`;
  document.title = `${where} · Firebreak`;
}

const loader = createLoader({
  onChannel: (channel) => {
    if (channel === state.channel) renderChannel(channelView.pinned ? 'bottom' : 'keep');
    renderSidebar();
  },
  onThread: () => renderThread(),
  onOlder: (which) => (which === 'thread' ? renderThread('anchor') : renderChannel('anchor')),
  onIncidents: () => renderSidebar(),
});
const { loadChannel, loadThread, loadOlder, refreshIncidents, refreshIncidentsSoon } = loader;

// ── Live ────────────────────────────────────────────────────────────────────

function onLiveRow(incoming) {
  const row = store(incoming);
  if (row !== incoming) return;
  const isNew = row.createdAt === row.updatedAt;
  if (inChannel(row, state.channel)) {
    if (state.oldest[state.channel] === Infinity) state.oldest[state.channel] = row.id;
    channelView.upsert(row);
  } else if (row.threadId === null && isNew) state.unread.add(row.channel);

  if (state.thread && row.id === state.thread.rootId) renderThreadRoot();
  else if (inThread(row)) {
    if (state.oldest.thread === Infinity) state.oldest.thread = row.id;
    threadView.upsert(row);
    renderThreadCount();
    revealDraft();
  } else if (row.threadId !== null) {
    const rootId = Number(row.threadId);
    if (!state.newReplies.has(rootId) && isNew) {
      state.newReplies.add(rootId);
      channelView.refresh(rootId);
    }
  }
  if (row.incidentId) refreshIncidentsSoon();
  renderSidebar();
  if (state.openWhenPosted && row.threadId === null && row.incidentId === state.openWhenPosted) {
    state.openWhenPosted = null;
    openIncident(row.incidentId);
  }
}

function setLive(status) {
  $('live').dataset.state = status;
  $('live-label').textContent = status === 'live' ? 'live' : 'reconnecting…';
}

/** After a (re)connection, catch up on whatever happened while the stream was down. */
function resync() {
  loadChannel(state.channel);
  if (state.thread) loadThread();
  refreshIncidents();
}

// ── Interactions ────────────────────────────────────────────────────────────

const interactions = createInteractions({
  incidentOf: (pane) => (pane === 'thread' ? state.thread?.incidentId : undefined),
  chooseName: () => chooseName(true),
  navigate: (href) => navigate(null, href),
  onDone: afterInteraction,
});

/** Where an interaction takes the reader: a declared incident's thread, the post-mortem draft. */
function afterInteraction(done) {
  const declared = done.kind === 'submit' && done.modalId === 'fb.modal.declare' && /^Declared (INC-\d+)/.exec(done.text);
  // Its thread's first message may still be on its way: open it when it arrives.
  if (declared) {
    if (rootOf(declared[1])) openIncident(declared[1]);
    else state.openWhenPosted = declared[1];
  }
  if (done.kind === 'action' && done.actionId === 'fb.postmortem' && /^INC-\d+$/.test(done.incidentId)) {
    state.revealDraft = done.incidentId;
    if (state.thread?.incidentId !== done.incidentId) openIncident(done.incidentId);
    else revealDraft();
  }
}

/** Scrolls the thread to its latest post-mortem draft message and marks it, once. */
function revealDraft() {
  if (!state.revealDraft || state.thread?.incidentId !== state.revealDraft) return;
  const row = [...threadView.rows].reverse().find((r) => (r.message.text ?? '').startsWith('Post-mortem draft for'));
  const el = row && $('thread-messages').querySelector(`[data-id="${row.id}"]`);
  if (!el) return;
  state.revealDraft = null;
  el.classList.add('msg-highlight');
  el.scrollIntoView({ block: 'center' });
  setTimeout(() => el.classList.remove('msg-highlight'), 2500);
}

let namePrompt = null;

/** Asks for the display name (one prompt at a time); true when a name was chosen. */
function chooseName(required) {
  namePrompt ??= (async () => {
    let name = null;
    do name = await askName(state.name, { required: required && !state.name });
    while (!name && required && !state.name);
    if (name) {
      setName(name);
      state.name = name;
      renderSidebar();
    }
    return Boolean(name);
  })().finally(() => (namePrompt = null));
  return namePrompt;
}

// ── Navigation ──────────────────────────────────────────────────────────────

function navigate(event, href) {
  if (event && (event.ctrlKey || event.metaKey || event.shiftKey || event.button > 0)) return;
  event?.preventDefault();
  if (href !== location.pathname + location.search) history.pushState(null, '', href);
  setSidebar(false);
  route();
}

function showChannel(channel) {
  const changed = channel !== state.channel;
  state.channel = channel;
  state.unread.delete(channel);
  if (changed) renderChannel();
  if (!state.loaded[channel]) loadChannel(channel);
}

function openIncident(incidentId) {
  navigate(null, `/incidents/${encodeURIComponent(incidentId)}`);
}

/** Whether the address still points at this incident (the reader may have moved on meanwhile). */
function isCurrent(incidentId) {
  return decodeURIComponent(location.pathname).toUpperCase() === `/INCIDENTS/${incidentId}`;
}

async function openThreadFor(incidentId) {
  if (!state.loaded.incidents) await loadChannel('incidents');
  let root = rootOf(incidentId);
  while (!root && state.hasMore.incidents && (await loadOlder('incidents'))) root = rootOf(incidentId);
  if (!root) {
    if (!isCurrent(incidentId)) return;
    showToast(`${incidentId} has no thread in the console yet`, 'error');
    history.replaceState(null, '', '/');
    return closeThread();
  }
  if (state.thread?.rootId === root.id || !isCurrent(incidentId)) return;
  const previous = state.thread?.rootId;
  clear($('thread-notices'));
  state.thread = { rootId: root.id, incidentId };
  state.oldest.thread = Infinity;
  state.hasMore.thread = false;
  state.newReplies.delete(root.id);
  $('app').dataset.thread = 'open';
  $('thread-pane').hidden = false;
  threadInput.textarea.placeholder = `Command for ${incidentId}: /incident help`;
  if (previous) channelView.refresh(previous);
  channelView.refresh(root.id);
  renderThread();
  renderSidebar();
  updateTitle();
  await loadThread();
  revealDraft();
  if (matchMedia('(min-width: 761px)').matches) threadInput.focus();
}

function closeThread() {
  const previous = state.thread?.rootId;
  state.thread = null;
  delete $('app').dataset.thread;
  $('thread-pane').hidden = true;
  if (previous) channelView.refresh(previous);
  renderSidebar();
  updateTitle();
}

function route() {
  const match = /^\/incidents\/([^/]+)\/?$/.exec(location.pathname);
  if (match) {
    showChannel('incidents');
    openThreadFor(decodeURIComponent(match[1]).toUpperCase());
  } else {
    showChannel(new URLSearchParams(location.search).get('channel') === 'status' ? 'status' : 'incidents');
    closeThread();
  }
  updateTitle();
}

/** The sidebar is a drawer on phones. */
function setSidebar(open) {
  const wasOpen = $('app').dataset.sidebar === 'open';
  $('app').dataset.sidebar = open ? 'open' : 'closed';
  $('backdrop').hidden = !open;
  $('menu-btn').setAttribute('aria-expanded', String(open));
  if (open) $('sidebar').querySelector('a, button')?.focus();
  else if (wasOpen && $('sidebar').contains(document.activeElement)) $('menu-btn').focus();
}

// ── Start ───────────────────────────────────────────────────────────────────

/** Like any chat: after you send, the pane follows the newest messages, so you see what your command did. */
async function sendCommand(text, typed, pane) {
  const sent = await interactions.runCommand(text, typed, pane);
  if (sent) (pane === 'thread' ? threadView : channelView).scrollToBottom();
  return sent;
}

const channelInput = createComposer({
  id: 'channel-input',
  label: 'Command',
  placeholder: 'Type a command: /incident help',
  hint: 'Enter to send · Shift+Enter for a new line · ↑ for your last command',
  onSend: (text, typed) => sendCommand(text, typed, 'channel'),
});
const threadInput = createComposer({
  id: 'thread-input',
  label: 'Command in this thread',
  placeholder: '/incident help',
  hint: 'Commands here apply to this incident',
  onSend: (text, typed) => sendCommand(text, typed, 'thread'),
});

function start() {
  $('channel-composer').append(channelInput.element);
  $('thread-composer').append(threadInput.element);
  $('menu-btn').append(icon('menu'));
  $('sidebar-close').append(icon('close'));
  $('thread-back').append(icon('back'));
  $('thread-close').append(icon('close'));
  $('test-alert').append(icon('bolt'), h('span', {}, 'Send test alert'));

  $('menu-btn').addEventListener('click', () => setSidebar(true));
  $('sidebar-close').addEventListener('click', () => setSidebar(false));
  $('backdrop').addEventListener('click', () => setSidebar(false));
  $('thread-back').addEventListener('click', () => navigate(null, '/'));
  $('thread-close').addEventListener('click', () => navigate(null, '/'));
  $('test-alert').addEventListener('click', () => interactions.sendTestAlert($('test-alert')));
  window.addEventListener('popstate', route);
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || document.querySelector('dialog[open]')) return;
    if ($('app').dataset.sidebar === 'open') setSidebar(false);
    else if (state.thread && $('thread-pane').contains(document.activeElement)) navigate(null, '/');
  });

  renderSidebar();
  route();
  refreshIncidents();
  connectLive({
    url: '/console/api/events',
    onEvent: (event) => event?.type === 'message' && event.row && onLiveRow(event.row),
    onStatus: setLive,
    onOpen: resync,
  });
  if (!state.name) chooseName(true);
}

start();
