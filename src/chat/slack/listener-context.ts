/** What the Slack listeners share: the intake, the people directory, the thread directory and the config. */
import type { SlackConfig } from '../../config/integrations.js';
import type { Person } from '../../core/incident.js';
import type { Logger } from '../../core/logger.js';
import type { ThreadDirectory } from '../../core/ports.js';
import type { SlackApi } from './slack-api.js';
import type { SlackIntake } from './slack-intake.js';
import type { UserDirectory } from './user-directory.js';

export interface ListenerContext {
  intake: SlackIntake;
  users: UserDirectory;
  api: SlackApi;
  threads: ThreadDirectory;
  config: SlackConfig;
  log: Logger;
}

export async function slackPerson(lc: ListenerContext, userId: string, fallbackName?: string): Promise<Person> {
  return { id: `slack:${userId}`, name: await lc.users.nameOf(userId, fallbackName) };
}

/** The incident a place in Slack belongs to: the thread first, then the channel (a channel per incident). */
export async function incidentAt(lc: ListenerContext, channel: string | undefined, threadTs?: string): Promise<string | undefined> {
  if (!channel) return undefined;
  if (threadTs) {
    const inThread = await lc.threads.incidentOfThread('slack', channel, threadTs);
    if (inThread) return inThread;
  }
  return lc.threads.incidentOfThread('slack', channel);
}

/** The acknowledgement the receiver passes with an Events API delivery (Bolt's own is a no-op for events). */
export function eventAck(context: Record<string, unknown>): () => Promise<void> {
  const ack = context.firebreakAck;
  return typeof ack === 'function' ? (ack as () => Promise<void>) : async () => {};
}
