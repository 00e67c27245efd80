/** Incidents through the REST API: page a person (an incident assigned to them), acknowledge, resolve. */
import { UpstreamError } from '../core/errors.js';
import type { PageAction, PageRequest, PageResult } from '../core/ports.js';
import { errorText, type RestApi } from './rest-api.js';
import { toUpstreamError } from './upstream-error.js';

interface User {
  id: string;
  name?: string;
  email?: string;
  summary?: string;
}

interface RestIncident {
  id: string;
  html_url?: string;
  incident_number?: number;
  status?: string;
  assignments?: { assignee?: { summary?: string } }[];
}

/** `page @dana`: an incident on `serviceId` assigned to the user, keyed by the incident id so a retry finds it. */
export async function pageByRest(rest: RestApi, request: PageRequest, serviceId: string | undefined): Promise<PageResult> {
  if (!serviceId) throw new UpstreamError('paging a person needs policy pagerduty.personService (the PagerDuty service id to open it on)', { retryable: false });
  if (!rest.fromEmail) throw new UpstreamError('paging a person needs PAGERDUTY_FROM_EMAIL (REST writes name a PagerDuty user)', { retryable: false });
  const who = request.target!.slice(1);
  const users = await rest.list<User>('users', 'users', { query: who });
  const lower = who.toLowerCase();
  const user = users.find((u) => [u.email, u.name, u.id, u.email?.split('@')[0]].some((v) => v?.toLowerCase() === lower)) ?? (users.length === 1 ? users[0] : undefined);
  if (!user) throw new UpstreamError(`PagerDuty has no user matching "${who}"`, { retryable: false, status: 404 });
  const details = [request.details?.impact && `Impact: ${request.details.impact}`, request.details?.commander && `Commander: ${request.details.commander}`, request.link]
    .filter(Boolean)
    .join('\n');
  const res = await rest.post<{ incident?: RestIncident; error?: unknown }>('incidents', {
    incident: {
      type: 'incident',
      title: request.summary.slice(0, 1024),
      service: { id: serviceId, type: 'service_reference' },
      urgency: request.severity === 'SEV3' || request.severity === 'SEV4' ? 'low' : 'high',
      incident_key: request.incidentId,
      body: { type: 'incident_body', details },
      assignments: [{ assignee: { id: user.id, type: 'user_reference' } }],
    },
  });
  const text = errorText(res.body);
  // A retry after a lost answer: PagerDuty already has the open incident with this key.
  if (res.status === 400 && /matching dedup key|incident_key/i.test(text)) return { reference: `incident key ${request.incidentId}` };
  if (res.status >= 300 || !res.body.incident) throw toUpstreamError('POST incidents', res.status, text, null);
  const incident = res.body.incident;
  const result: PageResult = { reference: `incident ${incident.incident_number ?? incident.id}`, incident: { id: incident.id, assignee: user.summary ?? user.name ?? who } };
  if (incident.html_url) result.incident!.url = incident.html_url;
  if (incident.incident_number !== undefined) result.incident!.number = incident.incident_number;
  if (incident.status) result.incident!.status = incident.status;
  return result;
}

export async function updateByRest(rest: RestApi, id: string, action: Exclude<PageAction, 'trigger'>): Promise<PageResult> {
  const status = action === 'resolve' ? 'resolved' : 'acknowledged';
  const res = await rest.put<{ incident?: RestIncident }>(`incidents/${encodeURIComponent(id)}`, { incident: { type: 'incident_reference', status } });
  if (res.status >= 300) throw toUpstreamError(`PUT incidents/${id}`, res.status, errorText(res.body), null);
  return { reference: `incident ${id} ${status}` };
}
