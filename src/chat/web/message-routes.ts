/**
 * Routes about one console message: keeping it on its incident's timeline ("Add to timeline"),
 * and downloading the file it carries (the post-mortem draft).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Evidence, Interactions } from '../../core/interactions.js';
import type { Logger } from '../../core/logger.js';
import { issuesOf } from './console-requests.js';
import { isSameOrigin } from './interaction-routes.js';
import { presentError } from './present-error.js';
import { actorFromCookie } from './web-actor.js';
import type { WebMessageLog, WebMessageRow } from './web-message-log.js';

export interface MessageRouteDeps {
  log: WebMessageLog;
  interactions: Interactions;
  /** The base of links kept on the timeline. */
  publicUrl: () => string;
  logger?: Pick<Logger, 'error'>;
}

const evidenceBody = z.object({ messageId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Every console message is the bot's: it is kept as Firebreak's, with a link back to it in its thread. */
const CONSOLE_AUTHOR = { id: 'web:firebreak', name: 'Firebreak' };

export function registerMessageRoutes(app: FastifyInstance, deps: MessageRouteDeps): void {
  app.post('/console/api/evidence', async (request, reply) => {
    if (!isSameOrigin(request)) return reply.code(403).send({ error: 'forbidden', message: 'Cross-site request' });
    const actor = actorFromCookie(request.headers.cookie);
    if (!actor) return reply.code(400).send({ error: 'name_required', message: 'Choose a display name first' });
    const parsed = evidenceBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid_request', message: 'Invalid request', issues: issuesOf(parsed.error) });
    const row = await findMessage(deps.log, parsed.data.messageId);
    if (!row?.incidentId) return reply.code(404).send({ error: 'not_found', message: 'No such message in an incident thread' });
    const evidence: Evidence = {
      author: CONSOLE_AUTHOR,
      text: row.message.text,
      postedAt: row.createdAt,
      link: `${deps.publicUrl()}/incidents/${encodeURIComponent(row.incidentId)}#message-${row.id}`,
    };
    try {
      const answer = await deps.interactions.run({ kind: 'evidence', evidence }, { actor, surface: 'web', incidentId: row.incidentId });
      return reply.code(200).send(answer ?? {});
    } catch (err) {
      const answer = presentError(err, deps.logger);
      return reply.code(answer.status).send(answer.body);
    }
  });

  app.get<{ Params: { id: string } }>('/console/api/messages/:id/attachment', async (request, reply) => {
    const id = idParam.safeParse(request.params.id);
    const row = id.success ? await findMessage(deps.log, id.data) : undefined;
    const file = row?.message.attachment;
    if (!file) return reply.code(404).send({ error: 'not_found', message: 'No file on that message' });
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(file.body);
  });
}

/** One message by id, in any channel or thread. */
async function findMessage(log: WebMessageLog, id: number): Promise<WebMessageRow | undefined> {
  const [row] = await log.list({ beforeId: id + 1, limit: 1 });
  return row?.id === id ? row : undefined;
}
