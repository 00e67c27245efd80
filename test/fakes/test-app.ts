import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type AppOptions, type FirebreakApp } from '../../src/app.js';
import { loadConfig, type ConfigFile } from '../../src/config/load-config.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Person } from '../../src/core/incident.js';
import type { InteractionContext } from '../../src/core/interactions.js';

export const RUNBOOKS_DIR = new URL('../../runbooks/', import.meta.url).pathname;
export const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url).pathname;

export interface TestApp extends FirebreakApp {
  /** The app's clock: a ManualClock unless `options.app.clock` gave another (then `advance` is not there). */
  clock: ManualClock;
  dir: string;
  /** Log lines (parsed JSON) written by the app. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A whole Firebreak on a temporary SQLite file, a manual clock and captured logs; no listener until `listen()`. */
export async function createTestApp(
  options: { env?: Record<string, string>; policy?: string; start?: string; app?: AppOptions; dir?: string } = {},
): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'firebreak-test-'));
  const file: ConfigFile | undefined = options.policy ? { path: 'policy.yml', text: options.policy } : undefined;
  const config = loadConfig(
    { PORT: '0', FIREBREAK_DATABASE_URL: `sqlite:${join(dir, 'firebreak.db')}`, FIREBREAK_RUNBOOKS_DIR: RUNBOOKS_DIR, LOG_LEVEL: 'debug', ...options.env },
    file,
  );
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const clock = options.app?.clock ?? new ManualClock(options.start);
  const app = await createApp(config, { logger, clock, autoSchedule: false, ...options.app });
  return Object.assign(app, {
    clock: clock as ManualClock,
    dir,
    logs,
    async close() {
      await app.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  });
}

export function person(name: string, surface = 'web'): Person {
  return { id: `${surface}:${name.toLowerCase()}`, name };
}

export function ctx(name: string, incidentId?: string): InteractionContext {
  return incidentId ? { actor: person(name), surface: 'web', incidentId } : { actor: person(name), surface: 'web' };
}

/** Texts of the web console messages of one incident's thread, root first. */
export async function threadTexts(app: FirebreakApp, incidentId: string): Promise<string[]> {
  const roots = await app.store.webMessages.list({ channel: 'incidents', threadId: null });
  const root = roots.find((r) => r.incidentId === incidentId);
  if (!root) return [];
  const replies = await app.store.webMessages.list({ threadId: String(root.id) });
  return [root, ...replies].map((r) => r.message.text);
}
