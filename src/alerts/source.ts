import type { AlertBatch, AlertSource } from '../core/alert.js';

/** One webhook delivery as the HTTP layer hands it over, before anything is parsed. */
export interface IntakeRequest {
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Raw bytes exactly as received (signatures are computed over these). */
  body: Buffer;
  /** Media type only, lower-cased, e.g. `application/json`. */
  contentType: string;
}

export interface AlertSourceSecrets {
  /** FIREBREAK_WEBHOOK_TOKEN */
  webhookToken?: string;
  /** PAGERDUTY_WEBHOOK_SECRETS (rotation: any may match) */
  pagerdutyWebhookSecrets: string[];
  /** SENTRY_CLIENT_SECRET */
  sentryClientSecret?: string;
  /** GRAFANA_WEBHOOK_SECRET */
  grafanaWebhookSecret?: string;
}

export type AuthResult = { ok: true } | { ok: false; reason: string };

export interface AlertSourceDefinition {
  name: AlertSource;
  /** Accepted media types; anything else → the route answers 415. */
  contentTypes: string[];
  /** Checks credentials/signature on the raw bytes. `fromLoopback` = the client address is 127.0.0.0/8 or ::1. */
  authenticate(req: IntakeRequest, secrets: AlertSourceSecrets, fromLoopback: boolean): AuthResult;
  /** Validates and maps; throws core ValidationError whose issues name each failing field path (e.g. `alerts.0.fingerprint`). */
  parse(req: IntakeRequest): AlertBatch;
  /** Delivery id for idempotency, if the source sends one (PagerDuty `x-webhook-id`). */
  deliveryId?(req: IntakeRequest): string | undefined;
}
