/** Commands, clicks and modal submissions from the console, translated into the core's calls. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { InteractionContext, Interactions, Reply } from '../../core/interactions.js';
import type { Logger } from '../../core/logger.js';
import { actionBody, commandBody, issuesOf, submitBody } from './console-requests.js';
import { presentError } from './present-error.js';
import { actorFromCookie } from './web-actor.js';
import { publicOriginOf } from '../../http/origin-settings.js';
import { isAllowedOrigin } from '../../http/host-check.js';

export interface InteractionRouteDeps {
  interactions: Interactions;
  postTestAlert: () => Promise<{ status: number; body: unknown }>;
  logger?: Pick<Logger, 'error'>;
}

/** A person waits for these answers: the intake yields to them (`InteractionsFirst`). */
const INTERACTIVE = { config: { interactive: true } };

export function registerInteractionRoutes(app: FastifyInstance, deps: InteractionRouteDeps): void {
  const { interactions } = deps;

  app.post('/console/api/command', INTERACTIVE, (request, reply) =>
    interact(request, reply, commandBody, deps, (body, ctx) =>
      interactions.command(body.text.trim(), withIncident(ctx, body.incidentId)),
    ),
  );

  app.post('/console/api/action', INTERACTIVE, (request, reply) =>
    interact(request, reply, actionBody, deps, (body, ctx) =>
      interactions.action(body.actionId, body.value, withIncident(ctx, body.incidentId)),
    ),
  );

  app.post('/console/api/submit', INTERACTIVE, (request, reply) =>
    interact(request, reply, submitBody, deps, (body, ctx) =>
      interactions.submit(body.modalId, body.privateValue, body.values, ctx),
    ),
  );

  app.post('/console/api/test-alert', async (request, reply) => {
    if (!isSameOrigin(request)) return reply.code(403).send({ error: 'forbidden', message: 'Cross-site request' });
    try {
      const result = await deps.postTestAlert();
      return reply.code(result.status).send({ status: result.status, body: result.body });
    } catch (err) {
      const answer = presentError(err, deps.logger);
      return reply.code(answer.status).send(answer.body);
    }
  });
}

async function interact<S extends z.ZodType>(
  request: FastifyRequest,
  reply: FastifyReply,
  schema: S,
  deps: InteractionRouteDeps,
  run: (body: z.output<S>, ctx: InteractionContext) => Promise<Reply>,
): Promise<FastifyReply> {
  if (!isSameOrigin(request)) return reply.code(403).send({ error: 'forbidden', message: 'Cross-site request' });
  const actor = actorFromCookie(request.headers.cookie);
  if (!actor) return reply.code(400).send({ error: 'name_required', message: 'Choose a display name first' });
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) {
    return reply.code(400).send({ error: 'invalid_request', message: 'Invalid request', issues: issuesOf(parsed.error) });
  }
  try {
    const answer = await run(parsed.data, { actor, surface: 'web' });
    return reply.code(200).send(answer ?? {});
  } catch (err) {
    const answer = presentError(err, deps.logger);
    return reply.code(answer.status).send(answer.body);
  }
}

function withIncident(ctx: InteractionContext, incidentId: string | undefined): InteractionContext {
  return incidentId ? { ...ctx, incidentId } : ctx;
}

/**
 * Browsers say where a request came from; refuse writes another site's page tries to make. The
 * Origin is compared with the configured origin (FIREBREAK_PUBLIC_URL) or a loopback origin, never
 * with `Host`, which a DNS-rebinding page controls.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return isAllowedOrigin(origin, request.headers.host, publicOriginOf(request.server));
}
