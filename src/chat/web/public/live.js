// The live feed: Server-Sent Events with automatic reconnection and a status callback.

/**
 * Calls `onEvent(event)` for every event, `onStatus('live' | 'reconnecting')` on changes, and
 * `onOpen()` on every (re)connection so the page can catch up on anything it missed.
 */
export function connectLive({ url, onEvent, onStatus, onOpen }) {
  let source = null;
  let retryMs = 1000;
  let timer = null;

  const start = () => {
    timer = null;
    source = new EventSource(url);
    source.addEventListener('open', () => {
      retryMs = 1000;
      onStatus('live');
      onOpen();
    });
    source.addEventListener('message', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (err) {
        console.warn('firebreak: ignoring a malformed live event', err);
        return;
      }
      onEvent(data);
    });
    source.addEventListener('error', () => {
      onStatus('reconnecting');
      // The browser retries by itself unless the server refused the stream; then we retry.
      if (source.readyState === EventSource.CLOSED && !timer) {
        source.close();
        timer = setTimeout(start, retryMs);
        retryMs = Math.min(retryMs * 2, 15_000);
      }
    });
  };

  start();
  return () => {
    if (timer) clearTimeout(timer);
    source?.close();
  };
}
