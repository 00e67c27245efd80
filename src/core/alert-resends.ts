/** Resends known by their bytes: Alertmanager resends every firing group each `group_interval`, byte for byte. */
import { createHash } from 'node:crypto';
import type { AlertSource } from './alert.js';
import type { IntakeResult } from './alert-intake.js';
import type { IncidentService } from './incident-service.js';
import type { Policy } from './policy.js';

/**
 * A delivery's identity for resends: its source and exact bytes, under this policy (a policy that
 * routes differently makes every delivery new again).
 */
export function deliveryDigest(policy: Policy, source: AlertSource, body: Uint8Array): string {
  let fingerprint = policyFingerprints.get(policy);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(JSON.stringify(policy)).digest('base64url');
    policyFingerprints.set(policy, fingerprint);
  }
  return createHash('sha256').update(fingerprint).update(source).update('\u0000').update(body).digest('base64url');
}

const policyFingerprints = new WeakMap<Policy, string>();

/**
 * Alertmanager resends every firing group each `group_interval`, byte for byte: a delivery that is
 * the group's last one again changes nothing but `lastSeenAt`. It is answered from one indexed read,
 * before the body is even parsed; undefined sends the delivery the whole way.
 */
export async function acceptResend(service: IncidentService, source: AlertSource, digest: string): Promise<IntakeResult | undefined> {
  const resend = await service.deps.store.acceptResend({ source, digest, now: service.deps.clock.now() });
  return resend && { accepted: resend.accepted, incidents: [resend.incidentId], ignored: 0 };
}
