/**
 * The pager port over PagerDuty: pages through Events API v2 (or, for a person, the REST API),
 * acknowledges and resolves with the same key, and looks up the on-call with pdjs.
 */
import type { Clock } from '../core/clock.js';
import { UpstreamError } from '../core/errors.js';
import type { OnCallAnswer, PageRequest, PageResult, Pager } from '../core/ports.js';
import { sendEvent, type EventsClientOptions } from './events-v2.js';
import { lookupOnCall } from './on-call-lookup.js';
import { OnCallCache } from './on-call-cache.js';
import { pageByRest, updateByRest } from './rest-incidents.js';
import type { RestApi } from './rest-api.js';
import { routingKeyFor, toEvent, type EventRouting } from './to-event.js';

export interface PagerDutyPagerOptions {
  events: EventsClientOptions;
  routing: EventRouting;
  /** Unset without PAGERDUTY_API_TOKEN: no on-call lookup, no paging of people. */
  rest?: RestApi;
  /** The service a person is paged on through the REST API (policy `pagerduty.personService`). */
  personService?: string;
  /** `source` of events: where Firebreak runs. */
  source: string;
  clock: Clock;
}

export class PagerDutyPager implements Pager {
  readonly name = 'PagerDuty';
  readonly #onCall: OnCallCache | undefined;

  constructor(private readonly options: PagerDutyPagerOptions) {
    const rest = options.rest;
    this.#onCall = rest ? new OnCallCache({ clock: options.clock, lookup: (q) => lookupOnCall(rest, q) }) : undefined;
  }

  async page(request: PageRequest): Promise<PageResult> {
    const action = request.action ?? 'trigger';
    const { rest } = this.options;
    if (request.target?.startsWith('@') && action === 'trigger') {
      if (!rest) throw refused('paging a person needs PAGERDUTY_API_TOKEN (and PAGERDUTY_FROM_EMAIL)');
      return pageByRest(rest, request, this.options.personService);
    }
    if (action !== 'trigger' && request.pagerIncidentId) {
      if (!rest) throw refused(`${action} of a PagerDuty-opened incident needs PAGERDUTY_API_TOKEN`);
      return updateByRest(rest, request.pagerIncidentId, action);
    }
    const routingKey = routingKeyFor(request, this.options.routing);
    if (!routingKey) throw refused(`no routing key for ${request.target ? `"${request.target}"` : 'the default route'} (set PAGERDUTY_ROUTING_KEY or policy pagerduty.services)`);
    const { dedupKey } = await sendEvent(this.options.events, toEvent(request, routingKey, this.options.routing, this.options.source));
    return { reference: `dedup key ${dedupKey}` };
  }

  async onCall(query?: string): Promise<OnCallAnswer> {
    if (!this.#onCall) throw refused('looking up the on-call needs PAGERDUTY_API_TOKEN');
    return this.#onCall.get(query);
  }
}

function refused(message: string): UpstreamError {
  return new UpstreamError(message, { retryable: false });
}
