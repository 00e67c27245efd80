#!/usr/bin/env node
/** The entry point: the only file that reads process.env and argv. */
import { readFileSync } from 'node:fs';
import { createApp } from './app.js';
import { limitHeapGrowth } from './heap-growth.js';
import { ConfigError, loadConfig, type Config } from './config/load-config.js';
import { createLogger } from './logger.js';
import { createPrettyStream } from './pretty-log.js';
import { cannotStartText, startupProblems } from './startup-problems.js';
import { checkRunbooks } from './runbooks/check-runbooks.js';
import { openStore } from './store/open-store.js';
import { runPostmortem } from './cli/postmortem-command.js';
import { runMigrateCopy } from './cli/migrate-command.js';
import { stringify as toYaml } from 'yaml';
import { slackManifest } from './chat/slack/slack-manifest.js';

const USAGE = `Usage: firebreak <command>
  start                        run the bot (default)
  migrate                      apply database migrations and exit
  migrate --from sqlite:PATH --to postgres://… [--force]
                               copy a SQLite store into an empty PostgreSQL database, then check the counts
  runbooks check [dir]         validate runbooks (default: ./runbooks)
  postmortem INC-n             print an incident's post-mortem draft (Markdown)
  slack manifest [--socket] [--json]
                               print the Slack app manifest (URLs from FIREBREAK_PUBLIC_URL)
  discord register-commands    register /incident and "Add to incident timeline" (DISCORD_GUILD_ID or global)
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start', sub, arg] = argv;
  switch (command) {
    case 'start':
      return start(readConfig());
    case 'migrate': {
      if (sub !== undefined) return runMigrateCopy(argv.slice(1));
      const config = readConfig();
      const store = await openStore(config.database, { surfaces: ['web'], now: Date.now });
      const applied = await store.migrate();
      await store.close();
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      return 0;
    }
    case 'runbooks': {
      if (sub !== 'check') break;
      const result = await checkRunbooks(arg ?? process.env.FIREBREAK_RUNBOOKS_DIR ?? './runbooks');
      (result.ok ? console.log : console.error)(result.report);
      return result.ok ? 0 : 1;
    }
    case 'postmortem':
      if (!sub) break;
      return runPostmortem(readConfig(), sub, { publicUrlSet: Boolean(process.env.FIREBREAK_PUBLIC_URL) });
    case 'discord': {
      if (sub !== 'register-commands') break;
      const config = readConfig();
      if (!config.discord) {
        console.error('DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID are required to register the /incident command.');
        return 78;
      }
      // Loaded here, not at the top: discord.js is the heaviest module to evaluate, and only this command and a Discord-enabled start need it.
      const { registerCommands } = await import('./chat/discord/register-commands.js');
      await registerCommands(config.discord, config.policy.severities.map((s) => s.id), console.log);
      return 0;
    }
    case 'slack':
      if (sub !== 'manifest') break;
      return printSlackManifest(argv.slice(2));
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
  }
  console.error(USAGE);
  return 2;
}

/** `firebreak slack manifest`: YAML (or `--json`) to paste into api.slack.com/apps → "From a manifest". */
function printSlackManifest(flags: string[]): number {
  const socket = flags.includes('--socket');
  const publicUrl = process.env.FIREBREAK_PUBLIC_URL;
  if (!publicUrl && !socket) {
    console.error('FIREBREAK_PUBLIC_URL is not set: the manifest names https://firebreak.example.com; set it to the URL Slack can reach, or use --socket.');
  }
  const manifest = slackManifest({ publicUrl: publicUrl ?? 'https://firebreak.example.com', socket });
  console.log(flags.includes('--json') ? JSON.stringify(manifest, null, 2) : toYaml(manifest));
  return 0;
}

function readConfig(): Config {
  const path = process.env.FIREBREAK_CONFIG;
  try {
    return loadConfig(process.env, path ? { path, text: readFileSync(path, 'utf8') } : undefined);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`Firebreak cannot start: FIREBREAK_CONFIG points at ${path}, which does not exist.`);
      process.exit(78);
    }
    throw err;
  }
}

/** Where start-up was trying to listen and store, to name them if it fails. */
const startingWith: { port?: number; host?: string; database?: string; postgres?: string } = {};

/** host:port/database of a Postgres URL, without its credentials. */
function postgresLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    // not a URL pg would parse either; pg reports its own error
    return 'the configured server';
  }
}

async function start(config: Config): Promise<number> {
  limitHeapGrowth();
  Object.assign(startingWith, {
    port: config.http.port,
    host: config.http.host,
    database: config.database.kind === 'sqlite' ? config.database.path : undefined,
    postgres: config.database.kind === 'postgres' ? postgresLocation(config.database.url) : undefined,
  });
  // A person at a terminal reads lines; anything else (a container, a file) gets JSON.
  const log = createLogger(config.logLevel, process.stdout.isTTY ? createPrettyStream(process.stdout, !process.env.NO_COLOR) : undefined);
  const app = await createApp(config, { logger: log });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error({}, 'shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    app.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen();
  return new Promise<number>(() => {});
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(cannotStartText(startupProblems(err, startingWith)));
    // The stack is for whoever debugs Firebreak itself; a person starting it needs the list above.
    if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') console.error(err);
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
