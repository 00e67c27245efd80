import { z } from 'zod';
import type { Alert, AlertBatch, AlertLink, AlertSource } from '../core/alert.js';
import { dateText, firstText, hashLabels, labelMap, toEpochMs, toLinks, toSummary, type LinkPair, toTitle } from './mapping.js';

/**
 * The Alertmanager webhook envelope (prometheus/alertmanager `notify/webhook`), which Grafana's
 * webhook contact point reuses with a few extra fields. Unknown fields are kept and ignored.
 */
export const alertStatus = z.enum(['firing', 'resolved']);

export const envelopeAlertSchema = z.looseObject({
  status: alertStatus,
  labels: labelMap,
  annotations: labelMap.default({}),
  startsAt: dateText.optional(),
  endsAt: dateText.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).optional(),
});

export const envelopeSchema = z.looseObject({
  receiver: z.string().optional(),
  status: alertStatus,
  alerts: z.array(envelopeAlertSchema),
  groupLabels: labelMap.optional(),
  commonLabels: labelMap.optional(),
  commonAnnotations: labelMap.optional(),
  externalURL: z.string().optional(),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().nonnegative().default(0),
});

export type Envelope = z.output<typeof envelopeSchema>;
export type EnvelopeAlert = z.output<typeof envelopeAlertSchema>;

/** Maps one envelope alert; `extraLinks` adds source-specific links after the common ones. */
export function toEnvelopeAlert(
  source: AlertSource,
  envelope: Envelope,
  alert: EnvelopeAlert,
  extraLinks: LinkPair[] = [],
  externalLabel = 'Alertmanager',
): Alert {
  const { labels, annotations } = alert;
  const title = firstText(annotations['summary'], labels['alertname']) ?? 'Alert';
  const summary = firstText(annotations['description'], annotations['summary']) ?? '';
  const links: AlertLink[] = toLinks([
    ['Source', alert.generatorURL],
    ...extraLinks,
    [externalLabel, envelope.externalURL],
    ['Runbook', annotations['runbook_url']],
  ]);
  return {
    source,
    groupKey: envelope.groupKey,
    dedupKey: alert.fingerprint ?? hashLabels(labels),
    status: alert.status,
    title: toTitle(title),
    summary: toSummary(summary),
    labels: { ...labels },
    severityHint: firstText(labels['severity']),
    links,
    startedAt: toEpochMs(alert.startsAt),
    endedAt: toEpochMs(alert.endsAt),
  };
}

export function toEnvelopeBatch(envelope: Envelope, alerts: Alert[]): AlertBatch {
  const batch: AlertBatch = { alerts, truncated: envelope.truncatedAlerts > 0, unlisted: envelope.truncatedAlerts, groupStatus: envelope.status };
  const group = groupTitle(envelope);
  if (group) batch.group = group;
  return batch;
}

/**
 * A group is named by what it was grouped by (`HighErrorRate · service=checkout`), not by the
 * summary of whichever alert came first; the common summary, if every alert shares one, describes it.
 */
function groupTitle(envelope: Envelope): AlertBatch['group'] {
  const { alertname, ...rest } = envelope.groupLabels ?? {};
  const parts = [...(alertname ? [alertname] : []), ...Object.entries(rest).map(([k, v]) => `${k}=${v}`)];
  if (parts.length === 0) return undefined;
  const common = envelope.commonAnnotations ?? {};
  const summary = firstText(common['summary'], common['description']);
  return summary ? { title: toTitle(parts.join(' · ')), summary: toSummary(summary) } : { title: toTitle(parts.join(' · ')) };
}
