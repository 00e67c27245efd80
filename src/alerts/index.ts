import type { AlertSource } from '../core/alert.js';
import { alertmanagerSource } from './alertmanager.js';
import { datadogSource } from './datadog.js';
import { genericSource } from './generic.js';
import { grafanaSource } from './grafana.js';
import { pagerdutySource } from './pagerduty.js';
import { sentrySource } from './sentry.js';
import type { AlertSourceDefinition } from './source.js';
import { statuscakeSource } from './statuscake.js';

export type { AlertSourceDefinition, AlertSourceSecrets, AuthResult, IntakeRequest } from './source.js';

/** Every alert intake source, by the name used in its route (`POST /webhooks/<name>`). */
export const ALERT_SOURCES_BY_NAME: Record<AlertSource, AlertSourceDefinition> = {
  alertmanager: alertmanagerSource,
  grafana: grafanaSource,
  pagerduty: pagerdutySource,
  sentry: sentrySource,
  statuscake: statuscakeSource,
  datadog: datadogSource,
  generic: genericSource,
};
