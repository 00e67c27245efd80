import { z } from 'zod';
import type { Alert, AlertBatch } from '../core/alert.js';
import { checkWebhookToken } from './auth.js';
import { firstText, labelMap, stableHash, toEpochMs, toSummary, toTitle } from './mapping.js';
import { parseJsonBody, validatePayload } from './payload.js';
import type { AlertSourceDefinition } from './source.js';

/** Firebreak's own alert format for scripts and tools without a native integration (see README.md). */
const httpUrl = z.url({ protocol: /^https?$/, message: 'Expected an http(s) URL' });

const linkSchema = z.union([
  z.object({ label: z.string().trim().min(1), url: httpUrl }),
  httpUrl.transform((url) => ({ label: new URL(url).host, url })),
]);

export const genericAlertSchema = z.object({
  title: z.string().trim().min(1),
  dedupKey: z.string().trim().min(1).max(255).optional(),
  groupKey: z.string().trim().min(1).max(255).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  summary: z.string().optional(),
  severity: z.string().trim().min(1).optional(),
  labels: labelMap.optional(),
  links: z.array(linkSchema).optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
});

export const genericBatchSchema = z.object({ alerts: z.array(genericAlertSchema).min(1) });

function toGenericAlert(input: z.output<typeof genericAlertSchema>): Alert {
  const dedupKey = input.dedupKey ?? stableHash(input.title);
  return {
    source: 'generic',
    groupKey: input.groupKey ?? dedupKey,
    dedupKey,
    status: input.status,
    title: toTitle(input.title),
    summary: toSummary(input.summary ?? ''),
    labels: input.labels ?? {},
    severityHint: firstText(input.severity),
    links: input.links ?? [],
    startedAt: toEpochMs(input.startedAt),
  };
}

/** A single alert object, or `{ "alerts": [ … ] }` for a batch. */
function isBatch(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'alerts' in body;
}

export const genericSource: AlertSourceDefinition = {
  name: 'generic',
  contentTypes: ['application/json'],
  authenticate: checkWebhookToken,
  parse(req): AlertBatch {
    const body = parseJsonBody(req);
    const inputs = isBatch(body)
      ? validatePayload(genericBatchSchema, body, 'generic alert').alerts
      : [validatePayload(genericAlertSchema, body, 'generic alert')];
    return { alerts: inputs.map(toGenericAlert), truncated: false };
  },
};
