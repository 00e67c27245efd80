import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

/**
 * Liveness, readiness (store answers, chats connected where this replica leads, not draining; whether
 * it leads) and Prometheus metrics.
 * `/readyz` and `/metrics` need the console token from remote clients unless FIREBREAK_PUBLIC_HEALTH.
 */
export async function registerHealthRoutes(
  app: FastifyInstance,
  deps: { metrics: Metrics; checks: ReadinessCheck[]; draining: () => boolean; leading: () => boolean },
): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (deps.draining()) return reply.code(503).send({ status: 'draining', leader: deps.leading() });
    const results = await Promise.all(
      deps.checks.map(async ({ name, check }) => {
        try {
          await check();
          return { name, ok: true };
        } catch (err) {
          return { name, ok: false, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    // A follower is ready too: it serves every HTTP route; only the leader holds the chat connections.
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', leader: deps.leading(), checks: results });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });
}
