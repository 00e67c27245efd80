/** `POST /webhooks/:source`: raw bytes → authenticate → parse → store, then 202. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ALERT_SOURCES, type AlertSource } from '../core/alert.js';
import { ingestAlerts } from '../core/alert-intake.js';
import { ValidationError } from '../core/errors.js';
import type { IncidentService } from '../core/incident-service.js';
import type { IncidentStore } from '../core/ports.js';
import { ALERT_SOURCES_BY_NAME, type AlertSourceSecrets, type IntakeRequest } from '../alerts/index.js';
import { fromLoopback } from './client-address.js';
import type { Metrics } from './metrics.js';

export const BODY_LIMIT = 1024 * 1024;

export interface WebhookDeps {
  service: IncidentService;
  store: IncidentStore;
  secrets: AlertSourceSecrets;
  metrics: Metrics;
}

const KEPT_HEADERS = ['content-type', 'user-agent', 'x-webhook-id', 'sentry-hook-resource', 'request-id', 'x-request-id'];

export async function registerWebhookRoutes(app: FastifyInstance, deps: WebhookDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

    scope.addHook('onResponse', async (request, reply) => {
      const source = (request.params as { source?: string }).source ?? 'unknown';
      deps.metrics.webhookRequests.inc({ source: isSource(source) ? source : 'unknown', status: String(reply.statusCode) });
    });

    scope.post<{ Params: { source: string } }>('/webhooks/:source', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
      const name = request.params.source;
      if (!isSource(name)) return reply.code(404).send({ error: 'unknown_source', message: `No alert source "${name}"; use one of ${ALERT_SOURCES.join(', ')}` });
      const source = ALERT_SOURCES_BY_NAME[name];
      const intake = toIntakeRequest(request);
      if (!source.contentTypes.includes(intake.contentType)) {
        return reply.code(415).send({ error: 'unsupported_media_type', message: `${name} accepts ${source.contentTypes.join(' or ')}` });
      }
      const auth = source.authenticate(intake, deps.secrets, fromLoopback(request));
      if (!auth.ok) return reply.code(401).send({ error: 'unauthorized', message: auth.reason });

      let batch;
      try {
        batch = source.parse(intake);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const id = await deps.store.addDeadLetter({
          source: name,
          reason: err.message,
          headers: keptHeaders(intake.headers),
          body: intake.body.toString('utf8'),
          receivedAt: deps.service.deps.clock.now(),
        });
        request.log.warn({ source: name, deadLetterId: id, issues: err.issues }, 'webhook rejected');
        return reply.code(400).send({ error: 'validation_failed', message: err.message, issues: err.issues, deadLetterId: id });
      }
      const deliveryId = source.deliveryId?.(intake);
      const result = await ingestAlerts(deps.service, batch, deliveryId ? { source: name, id: deliveryId } : undefined);
      return reply.code(202).send(result);
    });
  });
}

function isSource(name: string): name is AlertSource {
  return (ALERT_SOURCES as readonly string[]).includes(name);
}

function toIntakeRequest(request: FastifyRequest): IntakeRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return { headers, body, contentType };
}

function keptHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(KEPT_HEADERS.filter((h) => headers[h] !== undefined).map((h) => [h, headers[h]!]));
}
