import { z } from 'zod';
import type { Alert } from '../core/alert.js';
import { ValidationError } from '../core/errors.js';
import { checkHmacSignatures, checkWebhookToken } from './auth.js';
import { parseJsonBody, validatePayload } from './payload.js';
import {
  eventAlertData,
  issueData,
  metricAlertData,
  toEventAlert,
  toIssueAlert,
  toMetricAlert,
} from './sentry-resources.js';
import type { AlertSourceDefinition, IntakeRequest } from './source.js';

export const sentryPayloadSchema = z.looseObject({
  action: z.string().min(1),
  data: z.looseObject({}),
});

const DATA_PATH = ['data'];

/** `Sentry-Hook-Resource`, or (header missing) the resource the body's `data` shape implies. */
function resourceOf(req: IntakeRequest, data: Record<string, unknown>): string {
  const header = req.headers['sentry-hook-resource']?.trim();
  if (header) return header;
  for (const resource of ['event', 'issue', 'metric_alert', 'installation']) {
    if (resource in data) return resource === 'event' ? 'event_alert' : resource;
  }
  throw new ValidationError('Invalid Sentry payload', [
    { path: 'data', message: 'Expected data.event, data.issue or data.metric_alert (or a Sentry-Hook-Resource header)' },
  ]);
}

/** Sentry integration-platform webhooks; `installation`, `error`, `comment`… carry no alert. */
export const sentrySource: AlertSourceDefinition = {
  name: 'sentry',
  contentTypes: ['application/json'],
  /**
   * `Sentry-Hook-Signature` (or the legacy `Sentry-App-Signature`) = hex HMAC-SHA256(client
   * secret, raw body); `Sentry-Hook-Timestamp` is not signed. The route refuses a stale timestamp
   * and accepts a signed body once (`http/webhook-replay.ts`). No secret → token rule.
   */
  authenticate(req, secrets, fromLoopback) {
    const secret = secrets.sentryClientSecret;
    if (!secret) return checkWebhookToken(req, secrets, fromLoopback);
    const signature = req.headers['sentry-hook-signature'] ?? req.headers['sentry-app-signature'];
    return checkHmacSignatures(signature ? [signature] : [], [secret], [req.body]);
  },
  parse(req) {
    const payload = validatePayload(sentryPayloadSchema, parseJsonBody(req), 'Sentry');
    const { action, data } = payload;
    let alert: Alert | undefined;
    switch (resourceOf(req, data)) {
      case 'event_alert':
        alert = toEventAlert(action, validatePayload(eventAlertData, data, 'Sentry', DATA_PATH));
        break;
      case 'issue':
        alert = toIssueAlert(action, validatePayload(issueData, data, 'Sentry', DATA_PATH));
        break;
      case 'metric_alert':
        alert = toMetricAlert(action, validatePayload(metricAlertData, data, 'Sentry', DATA_PATH));
        break;
      default:
        alert = undefined;
    }
    return { alerts: alert ? [alert] : [], truncated: false };
  },
};
