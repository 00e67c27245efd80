/** The ports of alert intake beyond the store's transaction: resends known by their digest, and the burst queue. */
import type { AlertSource } from './alert.js';

/**
 * An alert delivery taken during a burst: authenticated and stored as it came, before its 202;
 * parsed and ingested in arrival order after.
 */
export interface QueuedDelivery {
  source: AlertSource;
  /** The media type, the headers a source's parser reads, and the body (UTF-8, as parsers read it). */
  request: { contentType: string; headers: Record<string, string>; body: string };
  /** Its delivery id (PagerDuty `X-Webhook-Id`, a signed replay key), checked when it is ingested. */
  delivery?: { source: string; id: string };
  /** Its `deliveryDigest`, for a delivery a resend may repeat. */
  digest?: string;
  receivedAt: number;
}

export interface DeliveryQueue {
  /** Answered once on disk. */
  queueDelivery(delivery: QueuedDelivery): Promise<void>;
  /** The oldest first. */
  queuedDeliveries(limit: number): Promise<(QueuedDelivery & { id: number })[]>;
  countQueuedDeliveries(): Promise<number>;
}

/**
 * A delivery, as its digest (`deliveryDigest`: its source and exact bytes). It is a resend when
 * it is the last delivery of a single group: the group keeps that digest, and a delivery of
 * another group that changes one of the group's alerts clears it.
 */
export interface ResendCheck {
  source: AlertSource;
  digest: string;
  now: number;
}

/** A resend's group: its incident and how many alerts the delivery told. */
export interface Resend {
  incidentId: string;
  accepted: number;
}
