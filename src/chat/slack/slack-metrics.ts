/** Slack's counters on `/metrics`. */
import { Counter, type Registry } from 'prom-client';

export interface SlackMetrics {
  interactions: Counter<'kind' | 'outcome'>;
  requests: Counter<'outcome'>;
}

export function createSlackMetrics(registry: Registry): SlackMetrics {
  return {
    interactions: new Counter({
      name: 'firebreak_slack_interactions_total',
      help: 'Slack commands, clicks, forms and events taken, by kind and outcome (stored, duplicate, form, failed)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    requests: new Counter({
      name: 'firebreak_slack_requests_total',
      help: 'Requests to /slack/events by outcome (accepted, bad_signature, stale, too_large, bad_body)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
