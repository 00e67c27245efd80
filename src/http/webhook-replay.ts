/**
 * Replay of signed deliveries: a signed timestamp older (or newer) than five minutes is refused,
 * and a signed body is accepted once — its hash is recorded with the alerts (`markDelivery`).
 */
import { createHash } from 'node:crypto';
import type { AlertSourceSecrets, IntakeRequest } from '../alerts/index.js';
import type { AlertSource } from '../core/alert.js';
import type { DeliveryKey } from '../core/alert-intake.js';

export const SIGNED_WINDOW_MS = 5 * 60_000;

export type ReplayCheck = { ok: true; delivery?: DeliveryKey } | { ok: false; reason: string };

export function checkReplay(source: AlertSource, req: IntakeRequest, secrets: AlertSourceSecrets, now: number): ReplayCheck {
  if (source === 'grafana' && secrets.grafanaWebhookSecret) {
    return signedOnce('grafana', req.headers['x-grafana-alerting-timestamp'], req, now, req.headers['x-grafana-alerting-signature']);
  }
  // Sentry signs the body only; Sentry-Hook-Timestamp is checked when sent, the body hash always.
  if (source === 'sentry' && secrets.sentryClientSecret) return signedOnce('sentry', req.headers['sentry-hook-timestamp'], req, now, '');
  return { ok: true };
}

function signedOnce(source: string, timestamp: string | undefined, req: IntakeRequest, now: number, salt: string | undefined): ReplayCheck {
  if (timestamp !== undefined) {
    const seconds = Number(timestamp.trim());
    if (!Number.isFinite(seconds) || seconds <= 0) return { ok: false, reason: 'signed timestamp is not a number of seconds' };
    if (Math.abs(now - seconds * 1000) > SIGNED_WINDOW_MS) return { ok: false, reason: 'signed timestamp is more than 5 minutes away from now (a replay or a wrong clock)' };
  }
  const hash = createHash('sha256').update(`${timestamp ?? ''}:${salt ?? ''}:`).update(req.body).digest('hex');
  return { ok: true, delivery: { source: `${source}:signed`, id: hash } };
}
