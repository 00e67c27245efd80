/** An alert as every source maps it: the core never sees vendor payloads. */
import type { PagerEvent } from './ports.js';

export type AlertStatus = 'firing' | 'resolved';

export const ALERT_SOURCES = [
  'alertmanager',
  'grafana',
  'pagerduty',
  'sentry',
  'statuscake',
  'datadog',
  'generic',
] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export interface AlertLink {
  label: string;
  url: string;
  /** The URL is a picture (a Grafana panel image, a Datadog snapshot): the console shows it inline. */
  image?: boolean;
}

export interface Alert {
  source: AlertSource;
  /**
   * Correlation key: alerts with the same group key belong to one incident
   * (Alertmanager `groupKey`; for other sources the same as `dedupKey`).
   */
  groupKey: string;
  /** Identity of this alert within its source (Alertmanager fingerprint, Sentry issue id, …). */
  dedupKey: string;
  status: AlertStatus;
  title: string;
  summary: string;
  labels: Record<string, string>;
  /** The severity the alert itself suggests (`critical`, `P1`, `SEV2`…); routing rules decide. */
  severityHint?: string;
  links: AlertLink[];
  startedAt?: number;
  endedAt?: number;
}

/** What one webhook delivery carries, after parsing. */
export interface AlertBatch {
  alerts: Alert[];
  /**
   * Alertmanager `truncatedAlerts > 0`: alerts of the group missing from this batch must not be
   * taken as resolved.
   */
  truncated: boolean;
  /** How many alerts of the group the source left out of this batch (Alertmanager `truncatedAlerts`). */
  unlisted?: number;
  /** The group as a whole (Alertmanager group labels and common annotations): what its incident is called. */
  group?: { title: string; summary?: string };
  /** The group's overall status, where the source sends one. */
  groupStatus?: AlertStatus;
  /** The pager's side of the story (PagerDuty webhooks): synced onto the linked incident. */
  pagerEvent?: PagerEvent;
}
