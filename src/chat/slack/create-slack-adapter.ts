/** Slack as a Firebreak chat adapter: the Bolt app (HTTP or Socket Mode), the ChatPort and the responder. */
import { App } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { SlackConfig } from '../../config/integrations.js';
import type { Logger } from '../../core/logger.js';
import type { ChatAdapter, ChatAdapterDeps } from '../chat-adapter.js';
import { toBoltLogger } from './bolt-logger.js';
import { SlackApi, slackClientOptions } from './slack-api.js';
import { checkChannels } from '../channel-check.js';
import { slackErrorCode } from './to-upstream-error.js';
import { slackAuthorize } from './slack-authorize.js';
import { registerActions } from './slack-actions.js';
import { SlackChat } from './slack-chat.js';
import { registerCommands } from './slack-commands.js';
import { registerEvidence } from './slack-evidence.js';
import { SlackHttpReceiver } from './slack-http-receiver.js';
import { SlackIntake } from './slack-intake.js';
import { createSlackMetrics } from './slack-metrics.js';
import { SlackResponder } from './slack-responder.js';
import { SlackSocketReceiver } from './socket-receiver.js';
import { UserDirectory } from './user-directory.js';
import { SlackReadiness } from './slack-readiness.js';

export interface SlackAdapter extends ChatAdapter {
  readonly chat: SlackChat;
  /** Resolves when every delivery received so far has been handled and answered (tests, shutdown). */
  whenIdle(): Promise<void>;
}

export async function createSlackAdapter(config: SlackConfig, deps: ChatAdapterDeps): Promise<SlackAdapter> {
  const log = deps.log.child({ component: 'slack' });
  const metrics = createSlackMetrics(deps.metrics);
  const api = new SlackApi({ token: config.botToken, apiUrl: config.apiUrl, log });
  const responder = new SlackResponder(api, log);
  const intake = new SlackIntake(deps, api, responder, metrics, log);
  const users = new UserDirectory(api, deps.clock, log);
  const socket = config.appToken ? new SlackSocketReceiver({ appToken: config.appToken, apiUrl: config.apiUrl, log, interactionsFirst: deps.interactionsFirst }) : undefined;
  const http = socket ? undefined : new SlackHttpReceiver({ signingSecret: config.signingSecret ?? '', clock: deps.clock, log, metrics });
  const authorize = slackAuthorize(api, config.botToken, log);
  void authorize(); // asked now, so the first click does not wait for it; it never rejects
  const app = new App({
    authorize,
    receiver: socket ?? http,
    ...(socket ? { socketMode: true } : {}),
    logger: toBoltLogger(log),
    clientOptions: slackClientOptions(config.apiUrl, log),
    ignoreSelf: true,
  });
  const lc = { intake, users, api, threads: deps.threads, config, log };
  registerCommands(app, lc);
  registerActions(app, lc);
  registerEvidence(app, lc);
  app.error(async (err) => log.error({ err }, 'slack listener failed'));

  const chat = new SlackChat({
    api,
    config,
    log,
    incident: (id) =>
      deps.service.get(id).catch((err: unknown) => {
        // The message is still sent, without what the incident would have added; the store error is logged.
        log.warn({ err, incidentId: id }, 'could not read the incident for a slack message');
        return undefined;
      }),
    onCallEmails: () => onCallEmails(deps, log),
  });
  const readiness = new SlackReadiness(api, deps.clock, socket);
  if (!config.statusChannel) log.warn({}, 'SLACK_STATUS_CHANNEL is not set: status updates are posted in incident threads only');
  log.info({ mode: socket ? 'socket' : 'http', room: config.room }, 'slack adapter configured');

  return {
    chat,
    responder,
    async registerRoutes(server: FastifyInstance) {
      await http?.register(server);
    },
    async connect() {
      if (socket) await app.start();
    },
    async disconnect() {
      if (socket) await app.stop();
    },
    async stop() {
      if (socket?.connected) await app.stop();
      await (socket ?? http)?.whenIdle();
      await intake.whenIdle();
    },
    checkChannels: () =>
      checkChannels(
        [
          { variable: 'SLACK_INCIDENT_CHANNEL', channel: config.incidentChannel },
          { variable: 'SLACK_STATUS_CHANNEL', channel: config.statusChannel },
        ],
        async (channel) => {
          try {
            await api.call('conversations.info', { channel });
            return true;
          } catch (err) {
            if (slackErrorCode(err) === 'channel_not_found') return false;
            log.debug({ err, channel }, 'could not check a slack channel at start');
            return true;
          }
        },
        (variable, channel) => `${variable}: Slack has no channel ${channel} that the bot can see (channel_not_found); use the channel's id (Channel details → About, starts with C) and invite the bot to it.`,
      ),
    ready: ({ connected }) => readiness.check(connected),
    async whenIdle() {
      await (socket ?? http)?.whenIdle();
      await intake.whenIdle();
    },
  };
}

/** The first escalation level's emails, when a pager is connected; a pager outage invites nobody. */
async function onCallEmails(deps: ChatAdapterDeps, log: Logger): Promise<string[]> {
  const pager = deps.service.deps.pager;
  if (!pager) return [];
  try {
    const answer = await pager.onCall();
    const entries = Array.isArray(answer) ? answer : answer.entries;
    const first = Math.min(...entries.map((e) => e.level));
    return entries.filter((e) => e.level === first && e.email).map((e) => e.email!);
  } catch (err) {
    log.warn({ err }, 'could not look up the on-call to invite them');
    return [];
  }
}
