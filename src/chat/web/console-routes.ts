/** The built-in web console: its page, static assets, message history, live events and actions. */
import type { FastifyInstance } from 'fastify';
import type { Interactions } from '../../core/interactions.js';
import type { Logger } from '../../core/logger.js';
import { issuesOf, messagesQuery } from './console-requests.js';
import { EventStreams } from './event-stream.js';
import { registerInteractionRoutes } from './interaction-routes.js';
import { registerMessageRoutes } from './message-routes.js';
import { sendAsset, sendPage } from './static-assets.js';
import type { WebChat } from './web-chat.js';
import { findThreadRoot, type WebMessageLog } from './web-message-log.js';

export interface ConsoleDeps {
  chat: WebChat;
  log: WebMessageLog;
  interactions: Interactions;
  /** Injects a sample alert through the real intake route; answers with its status and body. */
  postTestAlert: () => Promise<{ status: number; body: unknown }>;
  logger?: Pick<Logger, 'error'> & Partial<Pick<Logger, 'warn'>>;
  /** Interval of the SSE heartbeat comment (default 15 s). */
  heartbeatMs?: number;
  /** The base of links the console keeps on the timeline (default: none, links are relative). */
  publicUrl?: () => string;
  /** Unread bytes a live page may have before it is disconnected (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Told the live streams, e.g. to read `slowDisconnects` in tests. */
  onStreams?: (streams: EventStreams) => void;
}

export async function registerConsole(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const streams = new EventStreams(deps.chat, deps.heartbeatMs, deps.maxBufferedBytes, deps.logger);
  deps.onStreams?.(streams);
  app.addHook('preClose', async () => streams.closeAll());

  app.get('/', (request, reply) => sendPage(request, reply));
  app.get('/incidents/:id', (request, reply) => sendPage(request, reply));
  app.get<{ Params: { '*': string } }>('/assets/*', (request, reply) => sendAsset(request, reply, request.params['*']));

  app.get('/console/api/events', (_request, reply) => streams.open(reply));

  app.get('/console/api/messages', async (request, reply) => {
    const parsed = messagesQuery.safeParse(request.query);
    if (!parsed.success) {
      return reply.code(400).send({ error: 'invalid_request', message: 'Invalid query', issues: issuesOf(parsed.error) });
    }
    const { channel, thread, before, limit } = parsed.data;
    reply.header('cache-control', 'no-store');
    if (thread === undefined) return deps.log.list({ channel, threadId: null, limit, beforeId: before });

    const root = await findThreadRoot(deps.log, thread);
    if (!root) return reply.code(404).send({ error: 'not_found', message: `No thread ${thread}` });
    // Replies live in `incidents`; naming the channel lets SQLite use web_messages_thread instead of a scan.
    const replies = await deps.log.list({ channel: 'incidents', threadId: String(thread), limit, beforeId: before });
    return before === undefined ? [root, ...replies] : replies;
  });

  registerInteractionRoutes(app, deps);
  registerMessageRoutes(app, { ...deps, publicUrl: deps.publicUrl ?? (() => '') });
}
