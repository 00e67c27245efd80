/** Parsing of the console's untrusted request bodies and query strings. */
import { z } from 'zod';
import { parseIncidentId } from '../../core/incident.js';

const incidentId = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const id = parseIncidentId(value);
    if (!id) ctx.addIssue({ code: 'custom', message: 'Expected an incident id such as INC-4' });
    return id ?? '';
  });

export const commandBody = z.object({
  text: z.string().max(4000),
  incidentId: incidentId.optional(),
});

export const actionBody = z.object({
  actionId: z.string().min(1).max(100),
  value: z.string().max(2000),
  incidentId: incidentId.optional(),
});

export const submitBody = z.object({
  modalId: z.string().min(1).max(100),
  privateValue: z.string().max(2000),
  values: z
    .record(z.string().max(100), z.string().max(10_000))
    .refine((values) => Object.keys(values).length <= 20, 'Too many values'),
});

const positiveInt = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const messagesQuery = z.object({
  channel: z.enum(['incidents', 'status']).default('incidents'),
  thread: positiveInt.optional(),
  before: positiveInt.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export interface RequestIssue {
  path: string;
  message: string;
}

export function issuesOf(error: z.ZodError): RequestIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
