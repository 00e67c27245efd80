/**
 * Server-Sent Events: every message inserted or edited in the console, live, to every open page.
 * A page that does not read keeps at most `maxBufferedBytes` waiting in its response; past that it
 * is disconnected (its buffer freed at once). The page reconnects by itself and catches up from
 * the message history, so nothing is lost to it and nothing piles up here.
 */
import type { FastifyReply } from 'fastify';
import type { Logger } from '../../core/logger.js';
import type { WebChat } from './web-chat.js';

export const HEARTBEAT_MS = 15_000;
/** What one live page may have waiting unread before it is disconnected. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Tracks the open streams so the server can end them when it shuts down. */
export class EventStreams {
  readonly #closers = new Set<(drop?: boolean) => void>();
  /** Pages disconnected for not reading (a slow or stuck client). */
  slowDisconnects = 0;

  constructor(
    private readonly chat: WebChat,
    private readonly heartbeatMs = HEARTBEAT_MS,
    private readonly maxBufferedBytes = MAX_BUFFERED_BYTES,
    private readonly log?: Partial<Pick<Logger, 'warn'>>,
  ) {}

  get size(): number {
    return this.#closers.size;
  }

  open(reply: FastifyReply): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    // Tell the browser how soon to retry, and flush the headers so the page goes "live" at once.
    res.write('retry: 3000\n: connected\n\n');

    let closed = false;
    /** Writes unless the page has too much unread already; then it is cut off (and reconnects). */
    const send = (chunk: string) => {
      if (closed) return;
      if (res.writableLength + Buffer.byteLength(chunk) > this.maxBufferedBytes) {
        this.slowDisconnects++;
        this.log?.warn?.({ buffered: res.writableLength }, 'live console page is not reading; disconnecting it');
        close(true);
        return;
      }
      res.write(chunk);
    };
    const unsubscribe = this.chat.subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();

    const close = (drop = false) => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.#closers.delete(close);
      // A stuck page would hold its buffer until its socket times out: destroy frees it now.
      if (drop) res.destroy();
      else if (!res.writableEnded) res.end();
    };
    this.#closers.add(close);
    // The response closes when the page goes away or the connection drops.
    res.once('close', () => close());
    res.once('error', () => close(true));
  }

  closeAll(): void {
    for (const close of [...this.#closers]) close();
  }
}
