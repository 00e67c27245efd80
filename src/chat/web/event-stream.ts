/** Server-Sent Events: every message inserted or edited in the console, live, to every open page. */
import type { FastifyReply } from 'fastify';
import type { WebChat } from './web-chat.js';

export const HEARTBEAT_MS = 15_000;

/** Tracks the open streams so the server can end them when it shuts down. */
export class EventStreams {
  readonly #closers = new Set<() => void>();

  constructor(
    private readonly chat: WebChat,
    private readonly heartbeatMs = HEARTBEAT_MS,
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

    const unsubscribe = this.chat.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();

    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.#closers.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.#closers.add(close);
    // The response closes when the page goes away or the connection drops.
    res.once('close', close);
    res.once('error', close);
  }

  closeAll(): void {
    for (const close of [...this.#closers]) close();
  }
}
