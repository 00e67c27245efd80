/**
 * The scripted SEV2 of a typical runbook — "orders failing for ~60% of users": alert 10:30, ack
 * 10:32, cause found 10:35, fix 10:40–10:42, recovered 11:00 — and what its status messages say.
 */
import type { ChatMessage } from '../../src/core/message.js';
import { plainText } from '../../src/chat/web/public/markup.js';

export const START = '2026-01-05T10:30:00Z';

/** The manual clock's time at `hh:mm` on the day of the incident. */
export function at(clock: string): number {
  return Date.parse(`2026-01-05T${clock}:00Z`);
}

export const ALERT = { title: 'Orders failing', summary: 'Orders failing for ~60% of users', severity: 'SEV2', dedupKey: 'orders-5xx', labels: { service: 'orders' } };

/** 10:35, the update form after the cause was found. */
export const CAUSE_FOUND = {
  impact: 'Checkout fails for about 60% of users',
  done: 'Found the cause: deploy v143 broke the payment client',
  current: 'Cause identified; rolling back',
  next: 'Roll back to v142',
  eta: '10:45 UTC',
};

/** 10:42, after the rollback (10:40–10:42); the impact is left as it was. */
export const FIXED = {
  done: 'Rolled back to v142 (10:40–10:42)',
  current: 'Error rate falling; monitoring recovery',
  next: 'Watch the error rate until it is back to normal',
};

/** 11:00, the resolve form. */
export const RESOLVED = {
  summary: 'Deploy v143 broke the payment client; rolled back',
  cause: "Deploy v143 set the payment client's timeout to 100 ms",
  steps: 'Rolled back to v142\nPinned the payment client timeout',
};

export const FOLLOW_UP = 'Add a canary for the payment client';

export const INITIAL_LINES = [
  '🚨 SEV2 · INC-1 · Orders failing',
  'Severity: SEV2',
  'Detected at: 2026-01-05 10:30 UTC',
  'Impact: Orders failing for ~60% of users',
  'Affected users: More than half of users',
  'Investigating: Awaiting a responder (respond within 30 min)',
  'Status: Investigating',
  'Next update: 11:00 UTC (in 30 min)',
];

export const CAUSE_FOUND_LINES = [
  '🔄 Update · INC-1 · Orders failing',
  'Severity: SEV2 · Status: Identified',
  'User impact: Checkout fails for about 60% of users',
  '✅ Found the cause: deploy v143 broke the payment client',
  '🔄 Roll back to v142',
  'Current status: Cause identified; rolling back',
  'ETA: 10:45 UTC',
  'Next update: 11:05 UTC (in 30 min)',
];

export const FIXED_LINES = [
  '🔄 Update · INC-1 · Orders failing',
  'Severity: SEV2 · Status: Monitoring',
  'User impact: Checkout fails for about 60% of users',
  '✅ Rolled back to v142 (10:40–10:42)',
  '🔄 Watch the error rate until it is back to normal',
  'Current status: Error rate falling; monitoring recovery',
  'Next update: 11:12 UTC (in 30 min)',
];

/** The resolution; `owner` is how the surface names the follow-up's owner. */
export function resolutionLines(owner: string): string[] {
  return [
    '✅ Resolved · INC-1 · Orders failing',
    'Severity: SEV2',
    'Detected: 2026-01-05 10:30 UTC',
    'Resolved: 2026-01-05 11:00 UTC',
    'Duration: 30 min',
    "Root cause: Deploy v143 set the payment client's timeout to 100 ms",
    'Resolution:',
    '• Rolled back to v142',
    '• Pinned the payment client timeout',
    'Impact: Checkout fails for about 60% of users (More than half of users)',
    'Follow-ups:',
    `☐ #1 ${FOLLOW_UP} — ${owner}`,
  ];
}

/** The lines of a neutral message's text blocks, as the console shows them (markup reduced to text). */
export function linesOf(message: ChatMessage): string[] {
  return message.blocks.flatMap((b) => (b.type === 'text' ? plainText(b.text).split('\n') : [])).filter((l) => l.trim());
}
