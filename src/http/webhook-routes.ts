/**
 * `POST /webhooks/:source`: headers gated (token, loopback, busy) → raw bytes → authenticate →
 * replay check → a resend of the group's last delivery is answered at once → parse (≤ 1,000
 * alerts) → store (or, during a burst, queue), then 202.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ALERT_SOURCES, type AlertBatch, type AlertSource } from '../core/alert.js';
import { acceptResend, deliveryDigest } from '../core/alert-resends.js';
import type { AlertQueue, AlertQueueOptions } from '../core/alert-queue.js';
import type { Logger } from '../core/logger.js';
import { ValidationError } from '../core/errors.js';
import type { IncidentService } from '../core/incident-service.js';
import type { IncidentStore } from '../core/ports.js';
import { ALERT_SOURCES_BY_NAME, type AlertSourceSecrets, type IntakeRequest } from '../alerts/index.js';
import type { AccessSettings } from './access-settings.js';
import { toDeadLetter } from './dead-letter.js';
import type { Metrics } from './metrics.js';
import { isTrustedLoopback } from './trusted-client.js';
import { createWebhookGate } from './webhook-gate.js';
import { checkReplay } from './webhook-replay.js';
import { WebhookTurns, type TurnGate } from './webhook-turns.js';

export const BODY_LIMIT = 1024 * 1024;
/** Alerts in one delivery; a larger batch is refused with 413 (split it, or group in the sender). */
export const MAX_ALERTS_PER_REQUEST = 1000;

export interface WebhookDeps {
  service: IncidentService;
  /** Straight in, or queued during a burst. */
  intake: AlertQueue;
  store: IncidentStore;
  secrets: AlertSourceSecrets;
  metrics: Metrics;
  access: AccessSettings;
  /** Every configured secret value, redacted from kept dead letters. */
  secretValues: (string | undefined)[];
  /** Unauthenticated bodies read at once (default 32). */
  maxUnauthenticatedBodies?: number;
  /** Deliveries wait while a person waits for an interaction's answer (`InteractionsFirst`). */
  interactionsFirst?: TurnGate;
}

const KEPT_HEADERS = ['content-type', 'user-agent', 'x-webhook-id', 'sentry-hook-resource', 'request-id', 'x-request-id'];

export async function registerWebhookRoutes(app: FastifyInstance, deps: WebhookDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    const gate = createWebhookGate(deps.secrets, deps.access, deps.maxUnauthenticatedBodies);
    const turns = new WebhookTurns(16, deps.interactionsFirst);
    scope.addHook('onRequest', gate.onRequest);
    scope.addHook('preValidation', async (request) => gate.release(request));
    scope.addHook('onResponse', async (request) => gate.release(request));
    scope.addHook('onRequestAbort', async (request) => gate.release(request));

    scope.addHook('onResponse', async (request, reply) => {
      const source = (request.params as { source?: string }).source ?? 'unknown';
      deps.metrics.webhookRequests.inc({ source: isSource(source) ? source : 'unknown', status: String(reply.statusCode) });
    });

    scope.post<{ Params: { source: string } }>('/webhooks/:source', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
      const name = request.params.source;
      if (!isSource(name)) return reply.code(404).send({ error: 'unknown_source', message: `No alert source "${name}"; use one of ${ALERT_SOURCES.join(', ')}` });
      const source = ALERT_SOURCES_BY_NAME[name];
      await turns.take();
      const intake = toIntakeRequest(request);
      if (!source.contentTypes.includes(intake.contentType)) {
        return reply.code(415).send({ error: 'unsupported_media_type', message: `${name} accepts ${source.contentTypes.join(' or ')}` });
      }
      const auth = source.authenticate(intake, deps.secrets, isTrustedLoopback(request, deps.access));
      if (!auth.ok) return reply.code(401).send({ error: 'unauthorized', message: auth.reason });
      const replay = checkReplay(name, intake, deps.secrets, deps.service.deps.clock.now());
      if (!replay.ok) return reply.code(401).send({ error: 'stale_delivery', message: replay.reason });
      const deliveryId = source.deliveryId?.(intake);
      const delivery = deliveryId ? { source: name, id: deliveryId } : replay.delivery;
      // A delivery without an id of its own may be a resend, known by its bytes before it is parsed.
      const digest = delivery ? undefined : deliveryDigest(deps.service.policy, name, intake.body);
      const resend = digest && (await acceptResend(deps.service, name, digest));
      if (resend) return reply.code(202).send(resend);

      if (deps.intake.bursting) {
        const request = { contentType: intake.contentType, headers: keptHeaders(intake.headers), body: intake.body.toString('utf8') };
        const queued = await deps.intake.enqueue({ source: name, request, delivery, digest, receivedAt: deps.service.deps.clock.now() });
        if (!queued) return reply.code(503).header('retry-after', '5').send({ error: 'busy', message: `${fmtCount(deps.intake.queued)} alert deliveries are queued; retry.` });
        return reply.code(202).send({ queued: true });
      }

      let batch;
      try {
        batch = readBatch(name, intake);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        if (err instanceof TooManyAlerts) return reply.code(413).send({ error: 'too_many_alerts', message: err.message });
        const letter = { source: name, reason: err.message, headers: keptHeaders(intake.headers), body: intake.body, receivedAt: deps.service.deps.clock.now() };
        const id = await deps.store.addDeadLetter(toDeadLetter(letter, deps.secretValues));
        request.log.warn({ source: name, deadLetterId: id, issues: err.issues }, 'webhook rejected');
        return reply.code(400).send({ error: 'validation_failed', message: err.message, issues: err.issues, deadLetterId: id });
      }
      const result = await deps.intake.ingest(batch, { delivery, digest });
      return reply.code(202).send(result);
    });
  });
}

/** More alerts than one delivery may carry: 413 when it comes, a dead letter when it was queued. */
class TooManyAlerts extends ValidationError {}

function readBatch(name: AlertSource, intake: IntakeRequest): AlertBatch {
  const batch = ALERT_SOURCES_BY_NAME[name].parse(intake);
  if (batch.alerts.length > MAX_ALERTS_PER_REQUEST) {
    throw new TooManyAlerts(`${batch.alerts.length} alerts in one delivery; at most ${MAX_ALERTS_PER_REQUEST} are taken per request`);
  }
  return batch;
}

/**
 * How the alert queue reads a delivery it stored during a burst: parsed as it would have been on
 * arrival; a body refused then is kept as a dead letter (with what the 400 would have said).
 */
export function queuedDeliveryReader(deps: { store: IncidentStore; secretValues: (string | undefined)[]; log: Logger }): Pick<AlertQueueOptions, 'read' | 'refused'> {
  return {
    read: (queued) => readBatch(queued.source, { ...queued.request, body: Buffer.from(queued.request.body, 'utf8') }),
    refused: async (queued, err) => {
      const letter = { source: queued.source, reason: err.message, headers: queued.request.headers, body: Buffer.from(queued.request.body, 'utf8'), receivedAt: queued.receivedAt };
      const id = await deps.store.addDeadLetter(toDeadLetter(letter, deps.secretValues));
      deps.log.warn({ source: queued.source, deadLetterId: id, issues: err.issues }, 'queued webhook rejected');
    },
  };
}

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
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
