/** The Discord adapter: gateway (and optional HTTP interactions), REST, rendering, answers. */
import type { DiscordConfig } from '../../config/integrations.js';
import type { ChatAdapter, ChatAdapterDeps } from '../chat-adapter.js';
import { DiscordApi } from './discord-api.js';
import { DiscordChat } from './discord-chat.js';
import { DiscordGateway } from './discord-gateway.js';
import { DiscordResponder } from './discord-responder.js';
import { InteractionHandler, type InteractionResponse } from './handle-interaction.js';
import { handleReaction, type RawReaction } from './handle-reaction.js';
import { InvalidRequestGuard } from './invalid-request-guard.js';
import { registerInteractionRoute } from './interaction-route.js';
import type { RawInteraction } from './raw-interaction.js';
import { DISCORD_CODE, discordCodeOf } from './to-upstream-error.js';
import { checkChannels } from '../channel-check.js';

export const DEFAULT_AUTO_ARCHIVE_MINUTES = 10_080;

export async function createDiscordAdapter(config: DiscordConfig, deps: ChatAdapterDeps): Promise<ChatAdapter> {
  const log = deps.log.child({ component: 'discord' });
  const scoped = { ...deps, log };
  const onInteraction = (raw: unknown) => {
    const interaction = raw as RawInteraction;
    const answer = (response: InteractionResponse) => callback(interaction, response);
    handler.handle(interaction, answer).catch((err: unknown) => log.error({ err, interactionId: interaction.id }, 'discord interaction failed'));
  };
  const onReaction = (raw: unknown) => {
    handleReaction(scoped, api, config.applicationId, raw as RawReaction).catch((err: unknown) => log.warn({ err }, 'could not add a pinned discord message to the timeline'));
  };
  const gateway = new DiscordGateway({ token: config.botToken, apiUrl: config.apiUrl, messageContent: config.messageContent ?? false, log, onInteraction, onReaction });
  const guard = new InvalidRequestGuard(deps.clock, log, deps.metrics);
  const api = new DiscordApi(gateway.client.rest, guard);
  const responder = new DiscordResponder(api, deps.clock, log);
  const handler = new InteractionHandler(scoped);
  const chat = new DiscordChat({
    api,
    incidentChannel: config.incidentChannel ?? '',
    statusChannel: config.statusChannel,
    autoArchiveMinutes: config.autoArchiveMinutes ?? DEFAULT_AUTO_ARCHIVE_MINUTES,
  });
  if (!config.statusChannel) log.warn({}, 'DISCORD_STATUS_CHANNEL is not set: status updates are posted in incident threads only');

  /** The first answer to a gateway interaction: its REST callback (a repeated delivery was answered already). */
  async function callback(interaction: RawInteraction, response: InteractionResponse): Promise<void> {
    try {
      await api.call('post', `/interactions/${interaction.id}/${interaction.token}/callback`, 'acknowledge an interaction', response, { auth: false });
    } catch (err) {
      const code = discordCodeOf(err);
      if (code === DISCORD_CODE.alreadyAcknowledged) return log.debug({ interactionId: interaction.id }, 'interaction was acknowledged already');
      log.warn({ err, interactionId: interaction.id, code }, 'could not acknowledge a discord interaction');
    }
  }

  return {
    chat,
    responder,
    async registerRoutes(server) {
      if (config.publicKey) await registerInteractionRoute(server, { publicKey: config.publicKey, handler, log });
    },
    async connect() {
      await gateway.start();
    },
    async disconnect() {
      await gateway.stop();
    },
    async stop() {
      await gateway.stop();
    },
    checkChannels: () =>
      checkChannels(
        [
          { variable: 'DISCORD_INCIDENT_CHANNEL', channel: config.incidentChannel },
          { variable: 'DISCORD_STATUS_CHANNEL', channel: config.statusChannel },
        ],
        async (channel) => {
          try {
            await api.call('get', `/channels/${channel}`, 'check a channel');
            return true;
          } catch (err) {
            if (discordCodeOf(err) === DISCORD_CODE.unknownChannel) return false;
            log.debug({ err, channel }, 'could not check a discord channel at start');
            return true;
          }
        },
        (variable, channel) => `${variable}: Discord has no channel ${channel} that the bot can see (10003 Unknown Channel); copy the channel's id (Developer Mode → right-click the channel → Copy Channel ID) and give the bot access to it.`,
      ),
    async ready({ connected }) {
      const tripped = guard.trippedReason;
      if (tripped) throw new Error(tripped);
      const state = gateway.state;
      if (connected && state !== 'ready') throw new Error(`discord gateway ${state}`);
    },
  };
}
