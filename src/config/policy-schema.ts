import { z } from 'zod';
import { matcherError } from '../core/label-matcher.js';

const minutes = z.number().int().positive();

const severityOverride = z
  .object({
    description: z.string().min(1),
    responseMinutes: minutes,
    responseTarget: z.literal('nextBusinessDay'),
    updateEveryMinutes: minutes,
    escalateAfterMinutes: minutes,
    affectedUsers: z.string().trim().min(1).max(200),
  })
  .partial()
  .strict();

const matcher = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()]).transform(String).refine(isValidMatcher, 'invalid /regular expression/'),
);

const route = z
  .object({
    name: z.string().min(1).optional(),
    match: z.object({ source: z.string().refine(isValidMatcher, 'invalid /regular expression/').optional(), labels: matcher.optional() }).strict(),
    severity: z.string().optional(),
    runbook: z.string().optional(),
    channel: z.string().optional(),
    autoResolve: z.boolean().optional(),
    ignore: z.boolean().optional(),
  })
  .strict();

/** A status-message template (see `core/template-language.ts`); its placeholders are checked in load-config. */
const template = z.string().trim().min(1, 'a template cannot be empty').max(4000);

const answer = z
  .object({ label: z.string().min(1), severity: z.string().optional(), next: z.string().optional() })
  .strict()
  .refine((a) => Boolean(a.severity) !== Boolean(a.next), 'each answer needs exactly one of severity or next');

/** The YAML policy file (FIREBREAK_CONFIG). Everything is optional; defaults fill the rest. */
export const policyFileSchema = z
  .object({
    severities: z.record(z.string().regex(/^SEV[1-9]$/, 'severity ids are SEV1…SEV9'), severityOverride),
    reminders: z.object({ updateEveryMinutes: minutes }).partial().strict(),
    triage: z
      .object({
        start: z.string().min(1),
        questions: z.array(z.object({ id: z.string().min(1).max(40), text: z.string().min(1), answers: z.array(answer).min(2).max(5) }).strict()).min(1),
      })
      .strict(),
    businessHours: z
      .object({
        timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone'),
        startHour: z.number().int().min(0).max(23),
      })
      .partial()
      .strict(),
    escalation: z.object({ contacts: z.array(z.string().min(1)), pageTarget: z.string().min(1) }).partial().strict(),
    alerts: z.object({ reopenWindowMinutes: z.number().int().min(0), routes: z.array(route) }).partial().strict(),
    postmortem: z.object({ dueHours: z.number().positive() }).partial().strict(),
    updates: z
      .object({ templates: z.object({ initial: template, update: template, resolution: template }).partial().strict() })
      .partial()
      .strict(),
    status: z.object({ public: z.boolean() }).partial().strict(),
    rooms: z.object({ closeAfterMinutes: z.number().int().positive().max(90 * 24 * 60) }).partial().strict(),
    runbooks: z.object({ dir: z.string().min(1) }).partial().strict(),
    slack: z
      .object({
        room: z.enum(['thread', 'channel']),
        replyBroadcast: z.boolean(),
        allowBots: z.boolean(),
      })
      .partial()
      .strict(),
    discord: z
      .object({
        autoArchiveMinutes: z.union([z.literal(60), z.literal(1440), z.literal(4320), z.literal(10080)]),
        messageContent: z.boolean(),
      })
      .partial()
      .strict(),
    pagerduty: z
      .object({
        severities: z.record(z.string().regex(/^SEV[1-9]$/, 'severity ids are SEV1…SEV9'), z.enum(['critical', 'error', 'warning', 'info'])),
        services: z.record(z.string().min(1), z.string().min(1)),
        personService: z.string().min(1),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type PolicyFile = z.infer<typeof policyFileSchema>;

function isValidMatcher(value: string): boolean {
  return matcherError(value) === undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
