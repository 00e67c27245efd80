import { z } from 'zod';
import { checkWebhookToken } from './auth.js';
import { envelopeSchema, toEnvelopeAlert, toEnvelopeBatch } from './alertmanager-envelope.js';
import { parseJsonBody, validatePayload } from './payload.js';
import type { AlertSourceDefinition } from './source.js';

/**
 * Prometheus Alertmanager webhook, `version: "4"` (the only version Alertmanager has sent since
 * 0.x). Any other version is a different contract: rejected (400, dead-lettered) rather than
 * mis-mapped. Grafana's look-alike envelope has its own route.
 */
export const alertmanagerPayloadSchema = envelopeSchema.extend({ version: z.literal('4') });

export const alertmanagerSource: AlertSourceDefinition = {
  name: 'alertmanager',
  contentTypes: ['application/json'],
  authenticate: checkWebhookToken,
  parse(req) {
    const payload = validatePayload(alertmanagerPayloadSchema, parseJsonBody(req), 'Alertmanager');
    return toEnvelopeBatch(
      payload,
      payload.alerts.map((alert) => toEnvelopeAlert('alertmanager', payload, alert)),
    );
  },
};
