/**
 * A start loads the PostgreSQL driver and the PagerDuty SDK only when the configuration uses them:
 * both are a good part of a start-up that needs neither. Each case is a node process of its own,
 * so what the test runner loaded does not count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from '../fakes/script-process.js';
import { RUNBOOKS_DIR } from '../fakes/test-app.js';

const START = `
  import { createRequire } from 'node:module';
  import pino from 'pino';
  import { createApp } from './src/app.ts';
  import { loadConfig } from './src/config/load-config.ts';
  const app = await createApp(loadConfig(JSON.parse(process.argv[1])), { logger: pino({ level: 'silent' }), autoSchedule: false });
  await new Promise((resolve) => setTimeout(resolve, 100)); // an import the start began has settled
  const loaded = Object.keys(createRequire(import.meta.url).cache);
  const has = (dir) => loaded.some((file) => file.includes('/node_modules/' + dir + '/'));
  console.log(JSON.stringify({ pg: has('pg'), pdjs: has('@pagerduty/pdjs') }));
  await app.stop();
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-lazy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `name` names the start's own database file: the two starts run side by side. */
function loadedBy(name: string, env: Record<string, string>): Promise<{ pg: boolean; pdjs: boolean }> {
  const config = { PORT: '0', FIREBREAK_DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`, FIREBREAK_RUNBOOKS_DIR: RUNBOOKS_DIR, ...env };
  return runScript(START, { args: [JSON.stringify(config)] });
}

describe('what a start loads', () => {
  it('on SQLite without PagerDuty: neither pg nor pdjs; with a PagerDuty API token: pdjs', async () => {
    const [bare, paging] = await Promise.all([loadedBy('bare', {}), loadedBy('paging', { PAGERDUTY_API_TOKEN: 'u+test', PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEY' })]);
    expect(bare).toEqual({ pg: false, pdjs: false });
    expect(paging).toEqual({ pg: false, pdjs: true });
  }, 60_000);
});
