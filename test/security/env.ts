/** Environments for the security tests: every integration on, its upstream a closed local port. */
import { createServer } from 'node:net';
import { FakeSlack } from '../fakes/fake-slack.js';

export const CONSOLE_TOKEN = 'console-token-for-tests';
export const REMOTE = '203.0.113.9';

/** A local port nothing listens on (bound, then closed), so upstream calls fail fast. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Slack on a fake Web API (Bolt's start-up `auth.test` against a closed port is an unhandled
 * rejection in the Slack adapter), Discord on a closed port. `closeSlack` after the app.
 */
export async function chatEnv(secrets: { slackBot?: string; slackSigning?: string; discordBot?: string } = {}): Promise<{ env: Record<string, string>; slack: FakeSlack }> {
  const port = await closedPort();
  const slack = await new FakeSlack().start();
  const env = {
    SLACK_BOT_TOKEN: secrets.slackBot ?? 'xoxb-test-bot-token',
    SLACK_SIGNING_SECRET: secrets.slackSigning ?? 'slack-signing-secret-test',
    SLACK_INCIDENT_CHANNEL: 'C_INC',
    SLACK_API_URL: `${slack.url}/api/`,
    DISCORD_BOT_TOKEN: secrets.discordBot ?? 'discord-bot-token-test',
    DISCORD_APPLICATION_ID: '111111111111111111',
    DISCORD_PUBLIC_KEY: 'a'.repeat(64),
    DISCORD_INCIDENT_CHANNEL: '222222222222222222',
    DISCORD_API_URL: `http://127.0.0.1:${port}`,
  };
  return { env, slack };
}

/** A concrete path for a route pattern (`/incidents/:id` → `/incidents/INC-1`). */
export function concretePath(pattern: string): string {
  return pattern.replace(/:[^/]+/g, 'INC-1').replace(/\*/g, 'app.js');
}

/** The same path with its first letter percent-encoded (`/api/x` → `/%61pi/x`): the router decodes it. */
export function encodedPath(path: string): string | undefined {
  const match = /^\/([a-z])/.exec(path);
  return match ? `/%${match[1]!.charCodeAt(0).toString(16)}${path.slice(2)}` : undefined;
}

/** Closes the fake Slack once Bolt's start-up `auth.test` has been answered (bounded wait). */
export async function closeSlack(slack: FakeSlack): Promise<void> {
  for (let i = 0; i < 100 && !slack.calls.some((c) => c.method === 'auth.test'); i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 20));
  await slack.close();
}
