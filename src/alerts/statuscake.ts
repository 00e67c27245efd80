import { z } from 'zod';
import type { AlertBatch } from '../core/alert.js';
import { checkWebhookToken, safeEqual } from './auth.js';
import { compactLabels, firstText, labelValue, toLinks, toSummary, toTitle } from './mapping.js';
import { parseJsonOrFormBody, validatePayload } from './payload.js';
import type { AlertSourceDefinition, IntakeRequest } from './source.js';

const field = labelValue.optional();

/**
 * StatusCake web hook (KB "How To Use The Web Hook URL"): form-encoded POST data, or the same
 * fields as JSON. Field names are StatusCake's; `Status` is compared case-insensitively.
 */
export const statuscakePayloadSchema = z
  .looseObject({
    Token: field,
    Status: z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.enum(['up', 'down'])),
    StatusCode: field,
    URL: field,
    IP: field,
    Tags: field,
    Name: field,
    CheckRate: field,
  })
  .refine((p) => firstText(p.Name, p.URL) !== undefined, { message: 'Expected Name or URL', path: ['Name'] });

/** The form/JSON `Token` field, if the body is readable (authentication must not throw). */
function bodyToken(req: IntakeRequest): string | undefined {
  try {
    const body = parseJsonOrFormBody(req);
    const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['Token'] : undefined;
    return typeof token === 'string' ? token : undefined;
  } catch {
    // unreadable body: no Token field; parse() reports the body itself as invalid
    return undefined;
  }
}

export const statuscakeSource: AlertSourceDefinition = {
  name: 'statuscake',
  contentTypes: ['application/x-www-form-urlencoded', 'application/json'],
  /**
   * The webhook token rule. In addition, because StatusCake cannot send an Authorization header,
   * a body whose `Token` field equals FIREBREAK_WEBHOOK_TOKEN is accepted: set the token to
   * StatusCake's own value, md5(lower(username) + apikey). That token is static per account, so
   * it is a shared secret (replayable), no stronger than a bearer token.
   */
  authenticate(req, secrets, fromLoopback) {
    const result = checkWebhookToken(req, secrets, fromLoopback);
    if (result.ok || !secrets.webhookToken) return result;
    const token = bodyToken(req);
    return token !== undefined && safeEqual(token, secrets.webhookToken) ? { ok: true } : result;
  },
  parse(req): AlertBatch {
    const p = validatePayload(statuscakePayloadSchema, parseJsonOrFormBody(req), 'StatusCake');
    const name = firstText(p.Name, p.URL) ?? '';
    const down = p.Status === 'down';
    const code = firstText(p.StatusCode);
    const what = code === '0' ? 'no response (timeout)' : code ? `status code ${code}` : 'no status code';
    const tags = (p.Tags ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const key = `statuscake:${name}`;
    const alert = {
      source: 'statuscake' as const,
      groupKey: key,
      dedupKey: key,
      status: down ? ('firing' as const) : ('resolved' as const),
      title: toTitle(`${name} is ${down ? 'down' : 'up'}`),
      summary: toSummary(`${firstText(p.URL) ?? name} returned ${what}`),
      labels: compactLabels({
        name: p.Name,
        url: p.URL,
        ip: p.IP,
        status_code: code,
        check_rate: p.CheckRate,
        tags: tags.join(','),
      }),
      links: toLinks([['Checked URL', p.URL]]),
    };
    return { alerts: [alert], truncated: false };
  },
};
