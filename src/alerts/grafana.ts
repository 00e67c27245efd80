import { z } from 'zod';
import { checkHmacSignatures, checkWebhookToken } from './auth.js';
import { envelopeAlertSchema, envelopeSchema, toEnvelopeAlert, toEnvelopeBatch } from './alertmanager-envelope.js';
import { parseJsonBody, validatePayload } from './payload.js';
import type { AlertSourceDefinition } from './source.js';

/** Grafana unified-alerting webhook contact point: the Alertmanager envelope plus extras. */
export const grafanaPayloadSchema = envelopeSchema.extend({
  version: z.string(),
  orgId: z.number().optional(),
  alerts: z.array(
    envelopeAlertSchema.extend({
      silenceURL: z.string().optional(),
      dashboardURL: z.string().optional(),
      panelURL: z.string().optional(),
      imageURL: z.string().optional(),
    }),
  ),
});

export const grafanaSource: AlertSourceDefinition = {
  name: 'grafana',
  contentTypes: ['application/json'],
  /**
   * With GRAFANA_WEBHOOK_SECRET: `X-Grafana-Alerting-Signature` = hex HMAC-SHA256 over
   * `[timestamp + ":"] + body`, the timestamp being `X-Grafana-Alerting-Timestamp` when sent
   * (grafana/alerting `http/hmac.go`). Only the default header names are supported. Freshness
   * (5 min) and once-only are checked by the route (`http/webhook-replay.ts`). Without the
   * secret: the webhook token rule.
   */
  authenticate(req, secrets, fromLoopback) {
    const secret = secrets.grafanaWebhookSecret;
    if (!secret) return checkWebhookToken(req, secrets, fromLoopback);
    const signature = req.headers['x-grafana-alerting-signature'];
    const timestamp = req.headers['x-grafana-alerting-timestamp'];
    const parts = timestamp === undefined ? [req.body] : [`${timestamp}:`, req.body];
    return checkHmacSignatures(signature ? [signature] : [], [secret], parts);
  },
  parse(req) {
    const payload = validatePayload(grafanaPayloadSchema, parseJsonBody(req), 'Grafana');
    const alerts = payload.alerts.map((alert) =>
      toEnvelopeAlert(
        'grafana',
        payload,
        alert,
        [
          ['Dashboard', alert.dashboardURL],
          ['Panel', alert.panelURL],
          ['Panel image', alert.imageURL, 'image'],
          ['Silence', alert.silenceURL],
        ],
        'Grafana',
      ),
    );
    return toEnvelopeBatch(payload, alerts);
  },
};
