import { z } from 'zod';
import type { Alert } from '../core/alert.js';
import { compactLabels, dateText, firstText, idValue, toEpochMs, toLinks, toSummary, toTitle } from './mapping.js';

/**
 * Schemas and mappings of the Sentry integration-platform resources that become alerts
 * (docs: integration-platform/webhooks issue-alerts, issues, metric-alerts).
 */
const text = z.string().nullish();
const base = { source: 'sentry' as const };

export const eventAlertData = z.looseObject({
  event: z
    .looseObject({
      issue_id: idValue.optional(),
      event_id: z.string().min(1).optional(),
      title: text,
      message: text,
      culprit: text,
      level: text,
      platform: text,
      project: idValue.nullish(),
      web_url: text,
      url: text,
      datetime: dateText.nullish(),
    })
    .refine((e) => e.issue_id !== undefined || e.event_id !== undefined, {
      message: 'Expected issue_id or event_id',
      path: ['issue_id'],
    }),
  triggered_rule: text,
});

export function toEventAlert(action: string, data: z.output<typeof eventAlertData>): Alert {
  const { event } = data;
  const key = event.issue_id ?? event.event_id ?? '';
  const summary = [
    data.triggered_rule ? `Alert rule: ${data.triggered_rule}` : undefined,
    event.culprit ? `Culprit: ${event.culprit}` : undefined,
    firstText(event.message),
  ];
  return {
    ...base,
    groupKey: key,
    dedupKey: key,
    status: 'firing',
    title: toTitle(firstText(event.title, event.message) ?? `Sentry issue ${key}`),
    summary: toSummary(summary.filter(Boolean).join('\n')),
    labels: compactLabels({
      sentry_resource: 'event_alert',
      action,
      level: event.level,
      platform: event.platform,
      project: event.project,
      triggered_rule: data.triggered_rule,
    }),
    severityHint: firstText(event.level, action),
    links: toLinks([['Sentry', firstText(event.web_url, event.url)]]),
    startedAt: toEpochMs(event.datetime),
  };
}

export const issueData = z.looseObject({
  issue: z.looseObject({
    id: idValue,
    title: text,
    culprit: text,
    level: text,
    status: text,
    shortId: text,
    platform: text,
    permalink: text,
    web_url: text,
    firstSeen: dateText.nullish(),
    project: z.looseObject({ slug: text }).nullish(),
  }),
});

export function toIssueAlert(action: string, data: z.output<typeof issueData>): Alert {
  const { issue } = data;
  const name = firstText(issue.shortId) ?? issue.id;
  return {
    ...base,
    groupKey: issue.id,
    dedupKey: issue.id,
    // created/unresolved keep it firing; an update (assigned…) of an issue Sentry already resolved is not a re-fire
    status: action === 'resolved' || issue.status === 'resolved' ? 'resolved' : 'firing',
    title: toTitle(firstText(issue.title) ?? `Sentry issue ${name}`),
    summary: toSummary([`Issue ${name} ${action}`, firstText(issue.culprit)].filter(Boolean).join('\n')),
    labels: compactLabels({
      sentry_resource: 'issue',
      action,
      level: issue.level,
      issue_status: issue.status,
      platform: issue.platform,
      project: issue.project?.slug,
      short_id: issue.shortId,
    }),
    severityHint: firstText(issue.level, action),
    links: toLinks([['Sentry', firstText(issue.web_url, issue.permalink)]]),
    startedAt: toEpochMs(issue.firstSeen),
  };
}

export const metricAlertData = z.looseObject({
  metric_alert: z.looseObject({
    id: idValue,
    identifier: idValue.nullish(),
    title: text,
    date_started: dateText.nullish(),
    date_closed: dateText.nullish(),
    alert_rule: z.looseObject({ id: idValue, name: text, query: text, aggregate: text }).nullish(),
  }),
  description_title: text,
  description_text: text,
  web_url: text,
});

export function toMetricAlert(action: string, data: z.output<typeof metricAlertData>): Alert {
  const metric = data.metric_alert;
  const rule = metric.alert_rule;
  // keyed by the alert rule, like an Alertmanager fingerprint: each firing of the rule re-fires it
  const key = `metric:${rule?.id ?? metric.id}`;
  const resolved = action === 'resolved';
  return {
    ...base,
    groupKey: key,
    dedupKey: key,
    status: resolved ? 'resolved' : 'firing',
    title: toTitle(firstText(rule?.name, data.description_title, metric.title) ?? `Sentry metric alert ${metric.id}`),
    summary: toSummary(firstText(data.description_text, data.description_title) ?? ''),
    labels: compactLabels({
      sentry_resource: 'metric_alert',
      action,
      alert_rule: rule?.name,
      aggregate: rule?.aggregate,
      query: rule?.query,
      sentry_incident: metric.identifier,
    }),
    severityHint: action === 'critical' || action === 'warning' ? action : undefined,
    links: toLinks([['Sentry', data.web_url]]),
    startedAt: toEpochMs(metric.date_started),
    endedAt: resolved ? toEpochMs(metric.date_closed) : undefined,
  };
}
