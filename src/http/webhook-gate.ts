/**
 * Before a webhook body is read: token-rule sources are authenticated from their headers (a wrong
 * or missing bearer/basic credential costs no body), loopback trust is refused to browsers and to
 * foreign Host names, and bodies that can only be authenticated once read (signatures, StatusCake's
 * `Token` field) are capped in number.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AlertSourceSecrets } from '../alerts/index.js';
import { credentialFrom, isBrowserRequest, safeEqual } from '../alerts/auth.js';
import { ALERT_SOURCES, type AlertSource } from '../core/alert.js';
import type { AccessSettings } from './access-settings.js';
import { isTrustedLoopback, refuseForeignHost } from './trusted-client.js';

/** Unauthenticated bodies being read at once; more get 503 and Retry-After. */
export const MAX_UNAUTHENTICATED_BODIES = 32;

/** True when the source is authenticated by the webhook token rule (no signature secret for it). */
export function usesTokenRule(source: AlertSource, secrets: AlertSourceSecrets): boolean {
  if (source === 'sentry') return !secrets.sentryClientSecret;
  if (source === 'grafana') return !secrets.grafanaWebhookSecret;
  if (source === 'pagerduty') return secrets.pagerdutyWebhookSecrets.length === 0;
  return true;
}

export function createWebhookGate(secrets: AlertSourceSecrets, settings: AccessSettings, maxBodies = MAX_UNAUTHENTICATED_BODIES) {
  let reading = 0;
  const counted = new WeakSet<FastifyRequest>();
  const release = (request: FastifyRequest) => {
    if (counted.delete(request)) reading--;
  };

  async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const name = (request.params as { source?: string }).source ?? '';
    if (!(ALERT_SOURCES as readonly string[]).includes(name)) return undefined; // the route answers 404
    const source = name as AlertSource;
    if (usesTokenRule(source, secrets)) {
      if (!secrets.webhookToken) return loopbackOnly(request, reply);
      const given = credentialFrom(request.headers.authorization);
      if (given !== undefined && safeEqual(given, secrets.webhookToken)) return undefined;
      if (source !== 'statuscake') return reply.code(401).send({ error: 'unauthorized', message: given === undefined ? 'missing bearer or basic credentials' : 'wrong webhook token' });
    }
    if (reading >= maxBodies) {
      return reply.code(503).header('retry-after', '1').send({ error: 'busy', message: 'Too many unauthenticated deliveries in progress; retry.' });
    }
    reading++;
    counted.add(request);
    return undefined;
  }

  function loopbackOnly(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    if (!isTrustedLoopback(request, settings)) {
      return reply.code(401).send({ error: 'unauthorized', message: 'FIREBREAK_WEBHOOK_TOKEN is not set: only loopback clients may post' });
    }
    if (isBrowserRequest(request.headers)) {
      return reply.code(403).send({ error: 'cross_site', message: 'A browser request cannot use loopback trust; set FIREBREAK_WEBHOOK_TOKEN' });
    }
    return refuseForeignHost(request, reply, settings);
  }

  return { onRequest, release };
}
