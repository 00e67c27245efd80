/** The PagerDuty pager from the configuration; undefined when PagerDuty is not configured. */
import type { PagerDutyConfig } from '../config/integrations.js';
import type { Clock } from '../core/clock.js';
import { PagerDutyPager } from './pagerduty-pager.js';
import { RestApi } from './rest-api.js';

export interface CreatePagerOptions {
  clock: Clock;
  /** Where Firebreak runs: the events' `source`. */
  publicUrl: string;
  /** Per-request timeout (tests shorten it). */
  timeoutMs?: number;
}

export function createPagerDutyPager(config: PagerDutyConfig | undefined, options: CreatePagerOptions): PagerDutyPager | undefined {
  if (!config) return undefined;
  const rest = config.apiToken
    ? new RestApi({ token: config.apiToken, apiUrl: config.apiUrl, fromEmail: config.fromEmail, timeoutMs: options.timeoutMs })
    : undefined;
  return new PagerDutyPager({
    events: { eventsUrl: config.eventsUrl, timeoutMs: options.timeoutMs },
    routing: { routingKey: config.routingKey, services: config.services ?? {}, severities: config.severities ?? {} },
    rest,
    personService: config.personService,
    source: new URL(options.publicUrl).host || 'firebreak',
    clock: options.clock,
  });
}
