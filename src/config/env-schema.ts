import { z } from 'zod';

const optional = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v ? v : undefined));

const url = (fallback?: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || fallback)
    .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'expected an http(s) URL');

const port = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? 3000 : Number(v)))
  .refine((v) => Number.isInteger(v) && v >= 0 && v <= 65535, 'expected a port number 0–65535');

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .refine((v) => v === undefined || v === '' || ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'expected true or false')
  .transform((v) => (v === undefined || v === '' ? undefined : ['true', '1', 'yes'].includes(v)));

const millis = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= min && v <= max, `expected milliseconds, a whole number from ${min} to ${max}`);

/** The environment variables of DESIGN.md. Every key here is documented in the README. */
export const envSchema = z.object({
  PORT: port,
  HOST: z.string().trim().optional().transform((v) => v || '127.0.0.1'),
  FIREBREAK_DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || 'sqlite:./data/firebreak.db')
    .refine((v) => /^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(v), 'expected sqlite:PATH or postgres://…'),
  FIREBREAK_DB_POOL_SIZE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 10 : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= 1 && v <= 1000, 'expected a whole number of connections, 1–1000 (Postgres only; default 10)'),
  FIREBREAK_CONFIG: optional,
  FIREBREAK_PUBLIC_URL: url(),
  FIREBREAK_WEBHOOK_TOKEN: optional,
  FIREBREAK_CONSOLE_TOKEN: optional,
  FIREBREAK_RUNBOOKS_DIR: optional,
  FIREBREAK_TRUST_LOOPBACK: flag,
  FIREBREAK_TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^(true|false|[0-9a-f.:/, ]+)$/i.test(v), 'expected true, false, or comma-separated proxy addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8)'),
  FIREBREAK_PUBLIC_HEALTH: flag,
  FIREBREAK_LEASE_MS: millis(15_000, 1_000, 600_000),
  FIREBREAK_CLAIM_MS: millis(60_000, 1_000, 3_600_000),
  FIREBREAK_POLL_MS: millis(30_000, 100, 3_600_000),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .default('info'),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: url('https://slack.com/api/'),
  SLACK_INCIDENT_CHANNEL: optional,
  SLACK_STATUS_CHANNEL: optional,
  DISCORD_BOT_TOKEN: optional,
  DISCORD_APPLICATION_ID: optional,
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^[0-9a-f]{64}$/i.test(v), 'expected 64 hex characters (the application public key)'),
  DISCORD_API_URL: url('https://discord.com/api'),
  DISCORD_GUILD_ID: optional,
  DISCORD_INCIDENT_CHANNEL: optional,
  DISCORD_STATUS_CHANNEL: optional,
  PAGERDUTY_API_TOKEN: optional,
  PAGERDUTY_API_URL: url('https://api.pagerduty.com'),
  PAGERDUTY_ROUTING_KEY: optional,
  PAGERDUTY_EVENTS_URL: url('https://events.pagerduty.com'),
  PAGERDUTY_WEBHOOK_SECRETS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  PAGERDUTY_FROM_EMAIL: optional,
  SENTRY_CLIENT_SECRET: optional,
  GRAFANA_WEBHOOK_SECRET: optional,
});

export type Env = z.infer<typeof envSchema>;

/** Where an operator gets each value, named in start-up errors. */
export const ENV_HINTS: Record<string, string> = {
  SLACK_SIGNING_SECRET: 'Slack app settings → Basic Information → App Credentials → Signing Secret',
  SLACK_BOT_TOKEN: 'Slack app settings → OAuth & Permissions → Bot User OAuth Token (xoxb-…)',
  SLACK_APP_TOKEN: 'Slack app settings → Basic Information → App-Level Tokens (xapp-…, scope connections:write)',
  SLACK_INCIDENT_CHANNEL: 'the channel id (C…) where incident threads open; right-click the channel → Copy link',
  DISCORD_APPLICATION_ID: 'Discord Developer Portal → your application → General Information → Application ID',
  DISCORD_PUBLIC_KEY: 'Discord Developer Portal → your application → General Information → Public Key',
  DISCORD_INCIDENT_CHANNEL: 'the channel id where incident threads open (Developer Mode → Copy Channel ID)',
  FIREBREAK_CONSOLE_TOKEN: 'any long random string, e.g. `openssl rand -hex 32`; the console asks for it',
  PAGERDUTY_API_TOKEN: 'PagerDuty → Integrations → API Access Keys',
};
