import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Policy, SeverityPolicy } from '../core/policy.js';
import { compileTemplates } from '../core/status-templates.js';
import { DEFAULT_POLICY } from './default-policy.js';
import { ENV_HINTS, envSchema, type Env } from './env-schema.js';
import { policyFileSchema, type PolicyFile } from './policy-schema.js';
import { toChatConfig, type DiscordConfig, type PagerDutyConfig, type SlackConfig } from './integrations.js';

export interface Config {
  http: {
    host: string;
    port: number;
    publicUrl: string;
    /** Loopback clients need no token (FIREBREAK_TRUST_LOOPBACK; on only for the local run). */
    trustLoopback: boolean;
    /** Fastify `trustProxy` (FIREBREAK_TRUST_PROXY): true, or the proxies' addresses/CIDRs. */
    trustProxy: boolean | string;
    /** `/metrics` and `/readyz` answer remote clients without the console token. */
    publicHealth: boolean;
  };
  /** Postgres: `poolSize` connections per process (FIREBREAK_DB_POOL_SIZE), one more listens for other processes' work. */
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };
  /** Several replicas on one Postgres (a single SQLite process uses only `claimMs` and `pollMs`). */
  replicas: {
    /** The leader lease (FIREBREAK_LEASE_MS): a leader that cannot renew steps down, and another takes over, within about this long. */
    leaseMs: number;
    /** How long claimed work (a due timer, an outbox message, a page, an interaction) stays with the replica that claimed it (FIREBREAK_CLAIM_MS). */
    claimMs: number;
    /** Longest sleep of a background loop when no wake-up comes (FIREBREAK_POLL_MS). */
    pollMs: number;
  };
  logLevel: Env['LOG_LEVEL'];
  secrets: {
    webhookToken?: string;
    consoleToken?: string;
    pagerdutyWebhookSecrets: string[];
    sentryClientSecret?: string;
    grafanaWebhookSecret?: string;
  };
  slack?: SlackConfig;
  discord?: DiscordConfig;
  pagerduty?: PagerDutyConfig;
  policy: Policy;
  runbooksDir: string;
  configFile?: string;
}

/** A configuration that cannot run: every problem at once, each naming its variable or YAML path. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Firebreak cannot start; fix the configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface ConfigFile {
  path: string;
  text: string;
}

/** Environment + optional YAML policy → one frozen Config. Pure: callers pass `process.env` and the file. */
export function loadConfig(env: Record<string, string | undefined>, file?: ConfigFile): Config {
  const problems: string[] = [];
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) problems.push(...issuesToProblems(parsedEnv.error, (path) => String(path[0]), env));

  let policyFile: PolicyFile = {};
  if (file) {
    const doc = parseDocument(file.text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((e) => `${file.path}: ${e.message.split('\n')[0]}`));
    } else {
      const parsed = policyFileSchema.safeParse(doc.toJS() ?? {});
      if (parsed.success) policyFile = parsed.data;
      else problems.push(...issuesToProblems(parsed.error, (path) => `${file.path}: ${path.join('.') || '(top level)'}`));
    }
  }
  // The cross-checks below still run on the valid part of the environment, so one start-up lists every problem.
  const e = parsedEnv.success ? parsedEnv.data : envSchema.safeParse(withoutInvalid(env, parsedEnv.error)).data;
  if (!e) throw new ConfigError(problems);

  const policy = toPolicy(policyFile, problems, file?.path ?? 'policy');
  const chat = toChatConfig(e, problems);
  if (chat.slack && policyFile.slack) chat.slack = { ...chat.slack, ...policyFile.slack };
  if (chat.discord && policyFile.discord) chat.discord = { ...chat.discord, ...policyFile.discord };
  if (chat.pagerduty && policyFile.pagerduty) chat.pagerduty = { ...chat.pagerduty, ...policyFile.pagerduty };
  if (!isLoopback(e.HOST) && !e.FIREBREAK_CONSOLE_TOKEN) {
    problems.push(
      `FIREBREAK_CONSOLE_TOKEN: required when HOST (${e.HOST}) is not a loopback address, so the console and /api are not open to the network; set it to ${ENV_HINTS.FIREBREAK_CONSOLE_TOKEN}`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const config: Config = {
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: (e.FIREBREAK_PUBLIC_URL ?? `http://${hostForUrl(e.HOST)}:${e.PORT}`).replace(/\/+$/, ''),
      trustLoopback: e.FIREBREAK_TRUST_LOOPBACK ?? (isLoopback(e.HOST) && isLoopbackUrl(e.FIREBREAK_PUBLIC_URL) && !e.FIREBREAK_TRUST_PROXY),
      trustProxy: toTrustProxy(e.FIREBREAK_TRUST_PROXY),
      publicHealth: e.FIREBREAK_PUBLIC_HEALTH ?? false,
    },
    database: e.FIREBREAK_DATABASE_URL.startsWith('sqlite:')
      ? { kind: 'sqlite', path: e.FIREBREAK_DATABASE_URL.slice('sqlite:'.length) }
      : { kind: 'postgres', url: e.FIREBREAK_DATABASE_URL, poolSize: e.FIREBREAK_DB_POOL_SIZE },
    replicas: { leaseMs: e.FIREBREAK_LEASE_MS, claimMs: e.FIREBREAK_CLAIM_MS, pollMs: e.FIREBREAK_POLL_MS },
    logLevel: e.LOG_LEVEL,
    secrets: {
      webhookToken: e.FIREBREAK_WEBHOOK_TOKEN,
      consoleToken: e.FIREBREAK_CONSOLE_TOKEN,
      pagerdutyWebhookSecrets: e.PAGERDUTY_WEBHOOK_SECRETS,
      sentryClientSecret: e.SENTRY_CLIENT_SECRET,
      grafanaWebhookSecret: e.GRAFANA_WEBHOOK_SECRET,
    },
    ...chat,
    policy,
    runbooksDir: e.FIREBREAK_RUNBOOKS_DIR ?? policyFile.runbooks?.dir ?? './runbooks',
    configFile: file?.path,
  };
  return deepFreeze(config);
}

function toPolicy(file: PolicyFile, problems: string[], where: string): Policy {
  const defaultCadence = file.reminders?.updateEveryMinutes;
  const ids = new Set([...DEFAULT_POLICY.severities.map((s) => s.id), ...Object.keys(file.severities ?? {})]);
  const severities: SeverityPolicy[] = [...ids].sort().map((id) => {
    const base = DEFAULT_POLICY.severities.find((s) => s.id === id);
    const o = file.severities?.[id] ?? {};
    if (!base && (!o.description || (!o.responseMinutes && !o.responseTarget))) {
      problems.push(`${where}: severities.${id}: a new severity needs description and responseMinutes`);
    }
    return {
      id,
      description: o.description ?? base?.description ?? id,
      responseTarget: o.responseTarget ?? (o.responseMinutes ? { minutes: o.responseMinutes } : (base?.responseTarget ?? { minutes: 120 })),
      updateCadenceMinutes: o.updateEveryMinutes ?? defaultCadence ?? base?.updateCadenceMinutes ?? 30,
      escalateAfterMinutes: o.escalateAfterMinutes ?? base?.escalateAfterMinutes,
      affectedUsers: o.affectedUsers ?? base?.affectedUsers,
    };
  });
  const triage = file.triage ?? DEFAULT_POLICY.triage;
  const questionIds = new Set(triage.questions.map((q) => q.id));
  if (!questionIds.has(triage.start)) problems.push(`${where}: triage.start: no question with id "${triage.start}"`);
  triage.questions.forEach((q, qi) =>
    q.answers.forEach((a, ai) => {
      const path = `${where}: triage.questions.${qi}.answers.${ai}`;
      if (a.severity && !ids.has(a.severity)) problems.push(`${path}.severity: unknown severity "${a.severity}"`);
      if (a.next && !questionIds.has(a.next)) problems.push(`${path}.next: no question with id "${a.next}"`);
    }),
  );
  const loop = triageLoop(triage);
  if (loop) problems.push(`${where}: triage: the questions go round in a loop (${loop.join(' → ')}); every path must end in a severity`);
  const routes = (file.alerts?.routes ?? []).map((r, i) => {
    if (r.severity && !ids.has(r.severity)) problems.push(`${where}: alerts.routes.${i}.severity: unknown severity "${r.severity}"`);
    return { ...r, name: r.name ?? `route ${i + 1}` };
  });
  const templates = compileTemplates(file.updates?.templates);
  problems.push(...templates.problems.map((p) => `${where}: ${p}`));
  return {
    severities,
    triage,
    businessHours: { ...DEFAULT_POLICY.businessHours, ...file.businessHours },
    escalation: { ...DEFAULT_POLICY.escalation, ...file.escalation },
    alerts: { reopenWindowMinutes: file.alerts?.reopenWindowMinutes ?? DEFAULT_POLICY.alerts.reopenWindowMinutes, routes },
    postmortem: { ...DEFAULT_POLICY.postmortem, ...file.postmortem },
    reminders: { updateEveryMinutes: defaultCadence ?? DEFAULT_POLICY.reminders.updateEveryMinutes },
    rooms: { ...DEFAULT_POLICY.rooms, ...file.rooms },
    status: { ...DEFAULT_POLICY.status, ...file.status },
    updates: { templates: templates.templates },
  };
}

/** A cycle of `next` links in the triage tree, as question ids, or undefined when every path ends. */
function triageLoop(tree: Policy['triage']): string[] | undefined {
  const next = new Map(tree.questions.map((q) => [q.id, q.answers.flatMap((a) => (a.next ? [a.next] : []))]));
  const done = new Set<string>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (path.includes(id)) return [...path.slice(path.indexOf(id)), id];
    if (done.has(id)) return undefined;
    for (const child of next.get(id) ?? []) {
      const loop = visit(child, [...path, id]);
      if (loop) return loop;
    }
    done.add(id);
    return undefined;
  };
  for (const q of tree.questions) {
    const loop = visit(q.id, []);
    if (loop) return loop;
  }
  return undefined;
}

function issuesToProblems(
  error: z.ZodError,
  name: (path: PropertyKey[]) => string,
  env?: Record<string, string | undefined>,
): string[] {
  return error.issues.map((issue) => {
    const key = name(issue.path);
    const hint = env && ENV_HINTS[key] ? ` (${ENV_HINTS[key]})` : '';
    return `${key}: ${issue.message}${hint}`;
  });
}

/** The environment without the variables that failed validation (their defaults apply instead). */
function withoutInvalid(env: Record<string, string | undefined>, error: z.ZodError): Record<string, string | undefined> {
  const invalid = new Set(error.issues.map((issue) => String(issue.path[0])));
  return Object.fromEntries(Object.entries(env).filter(([key]) => !invalid.has(key)));
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** No public URL, or one that names a loopback host: the zero-config local run. */
function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return true;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return isLoopback(host);
}

function toTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === 'false') return false;
  return value === 'true' ? true : value;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
