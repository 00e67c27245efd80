/** Starts the console plugin alone on 127.0.0.1:0 with a memory log and a recording core. */
import Fastify, { type FastifyInstance } from 'fastify';
import { registerConsole } from '../../../src/chat/web/console-routes.js';
import { WebChat } from '../../../src/chat/web/web-chat.js';
import { MemoryWebMessageLog } from './memory-web-message-log.js';
import { RecordingInteractions } from './recording-interactions.js';

export interface ConsoleServer {
  app: FastifyInstance;
  url: string;
  chat: WebChat;
  log: MemoryWebMessageLog;
  interactions: RecordingInteractions;
  errors: { obj: object; msg: string | undefined }[];
  testAlerts: number;
  clock: { now: number };
}

export async function startConsoleServer(
  options: { heartbeatMs?: number; setup?: (app: FastifyInstance) => void } = {},
): Promise<ConsoleServer> {
  // Destroy idle keep-alive sockets too on close (streams and pooled fetch connections).
  const app = Fastify({ forceCloseConnections: true });
  const log = new MemoryWebMessageLog();
  const clock = { now: Date.now() };
  const chat = new WebChat({ log, now: () => clock.now });
  const interactions = new RecordingInteractions();
  const server = { app, chat, log, interactions, errors: [], testAlerts: 0, clock } as Omit<ConsoleServer, 'url'> & { url?: string };
  options.setup?.(app);
  await registerConsole(app, {
    chat,
    log,
    interactions,
    postTestAlert: async () => {
      server.testAlerts++;
      return { status: 202, body: { accepted: 1, incidents: ['INC-9'] } };
    },
    logger: { error: (obj, msg) => server.errors.push({ obj, msg }) },
    heartbeatMs: options.heartbeatMs,
  });
  server.url = await app.listen({ host: '127.0.0.1', port: 0 });
  return server as ConsoleServer;
}
