import { z } from 'zod';
import type { AlertBatch, AlertStatus } from '../core/alert.js';
import { checkWebhookToken } from './auth.js';
import { compactLabels, firstText, stableHash, toEpochMs, toLinks, toSummary, toTitle } from './mapping.js';
import { parseJsonBody, validatePayload } from './payload.js';
import type { AlertSourceDefinition } from './source.js';

/**
 * Datadog substitutes `$VARS` inside JSON strings, so every value is a string. A value that is
 * blank or still a bare `$VARIABLE` (not substituted) counts as absent.
 */
const value = z
  .union([z.string(), z.number()])
  .transform((v) => {
    const s = String(v).trim();
    return s === '' || /^\$[A-Z][A-Z0-9_]*$/.test(s) ? undefined : s;
  })
  .optional();

/** Field names of the default payload and of `recommended-payload.template.json`. */
export const datadogPayloadSchema = z.looseObject({
  id: value,
  title: value,
  body: value,
  date: value,
  last_updated: value,
  event_type: value,
  org: z.looseObject({ id: value, name: value }).optional(),
  aggreg_key: value,
  alert_cycle_key: value,
  alert_id: value,
  alert_transition: value,
  alert_type: value,
  alert_priority: value,
  alert_title: value,
  alert_status: value,
  alert_scope: value,
  alert_query: value,
  hostname: value,
  link: value,
  snapshot: value,
  tags: value,
  text_only_msg: value,
});

const TRANSITION_PREFIX =
  /^\s*(?:\[P\d\]\s*)?\[(Recovered|Triggered|Re-Triggered|Warn|Re-Warn|No Data|Re-No Data|Renotify)\b([^\]]*)\]\s*/i;

function statusOf(transition: string | undefined, title: string): AlertStatus {
  const word = transition ?? TRANSITION_PREFIX.exec(title)?.[1];
  return word?.toLowerCase() === 'recovered' ? 'resolved' : 'firing';
}

/** `[Triggered on {host:a}] Host is Down` → `Host is Down` (scope `on {host:a}` returned apart). */
function splitTitle(title: string): { name: string; scope: string } {
  const match = TRANSITION_PREFIX.exec(title);
  if (!match) return { name: title, scope: '' };
  const name = title.slice(match[0].length).trim();
  return { name: name || title, scope: (match[2] ?? '').trim() };
}

/** `"monitor, service:checkout"` → `{ service: 'checkout' }` (bare tags stay in the `tags` label). */
function tagLabels(tags: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of (tags ?? '').split(',')) {
    const colon = tag.indexOf(':');
    if (colon > 0) labels[tag.slice(0, colon).trim()] = tag.slice(colon + 1).trim();
  }
  return labels;
}

/** `$EVENT_MSG` wraps its Markdown in `%%%` fences. */
function stripMarkdownFence(body: string | undefined): string | undefined {
  return body?.replace(/^\s*%%%\s*/, '').replace(/\s*%%%\s*$/, '');
}

/** Keys are compared lower-cased, so `ALERT_CYCLE_KEY`-style templates work too. */
function lowerCaseKeys(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k.toLowerCase(), v]));
}

export const datadogSource: AlertSourceDefinition = {
  name: 'datadog',
  contentTypes: ['application/json'],
  authenticate: checkWebhookToken,
  parse(req): AlertBatch {
    const p = validatePayload(datadogPayloadSchema, lowerCaseKeys(parseJsonBody(req)), 'Datadog');
    const rawTitle = firstText(p.alert_title, p.title) ?? 'Datadog alert';
    const { name, scope } = splitTitle(rawTitle);
    const status = statusOf(p.alert_transition, rawTitle);
    // One monitor (and its group) is one alert, as Datadog itself aggregates: `aggreg_key`, else the
    // monitor id. The cycle key changes with every trigger, so a re-trigger would look like a new
    // alert; it is the last resort. The default payload has none of them ($ID is per event): the
    // title without its transition word ("on {host:a}] Host is Down") is the same for trigger and recovery.
    const key = p.aggreg_key ?? p.alert_id ?? p.alert_cycle_key ?? `title:${stableHash(`${scope}|${name}`)}`;
    const dateMs = p.date && /^\d+$/.test(p.date) ? Number(p.date) : toEpochMs(p.date); // $DATE: epoch ms
    const fields = compactLabels({
      event_type: p.event_type,
      hostname: p.hostname,
      alert_transition: p.alert_transition,
      alert_type: p.alert_type,
      alert_scope: p.alert_scope ?? (scope.replace(/^on\s+/, '') || undefined),
      alert_query: p.alert_query,
      alert_id: p.alert_id,
      org: p.org?.name,
      tags: p.tags,
    });
    const typeHint = p.alert_type === 'error' || p.alert_type === 'warning' ? p.alert_type : undefined;
    const alert = {
      source: 'datadog' as const,
      groupKey: key,
      dedupKey: key,
      status,
      title: toTitle(name),
      summary: toSummary(firstText(p.alert_status, p.text_only_msg, stripMarkdownFence(p.body)) ?? ''),
      labels: { ...tagLabels(p.tags), ...fields }, // named fields win over `key:value` tags
      severityHint: firstText(p.alert_priority, typeHint),
      links: toLinks([
        ['Datadog', p.link],
        ['Snapshot', p.snapshot, 'image'],
      ]),
      startedAt: status === 'firing' ? dateMs : undefined,
      endedAt: status === 'resolved' ? dateMs : undefined,
    };
    return { alerts: [alert], truncated: false };
  },
};
