/** The Slack app manifest for Firebreak: scopes, the `/incident` command, events, the message shortcut. */
import { COMMAND } from '../../core/actions.js';

export const TIMELINE_SHORTCUT = 'fb_add_to_timeline';

export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'channels:join',
  'channels:manage',
  'channels:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'files:write',
  'groups:history',
  'groups:read',
  'reactions:read',
  'users:read',
  'users:read.email',
] as const;

export const BOT_EVENTS = ['app_mention', 'message.channels', 'message.groups', 'reaction_added'] as const;

export interface ManifestOptions {
  /** Base URL Slack posts to (`FIREBREAK_PUBLIC_URL`); unused with Socket Mode. */
  publicUrl: string;
  socket?: boolean;
  name?: string;
}

export function slackManifest(options: ManifestOptions): Record<string, unknown> {
  const name = options.name ?? 'Firebreak';
  const events = options.socket ? {} : { request_url: `${options.publicUrl.replace(/\/+$/, '')}/slack/events` };
  return {
    display_information: {
      name,
      description: 'Incidents in threads: triage, runbooks, reminders, post-mortems.',
      background_color: '#b3361d',
    },
    features: {
      bot_user: { display_name: name.toLowerCase(), always_online: true },
      slash_commands: [
        {
          command: COMMAND,
          description: 'Declare and run incidents',
          usage_hint: 'declare [title] | ack | update <text> | resolve | help',
          should_escape: true,
          ...(options.socket ? {} : { url: events.request_url }),
        },
      ],
      shortcuts: [{ name: 'Add to incident timeline', type: 'message', callback_id: TIMELINE_SHORTCUT, description: 'Keep this message on the incident timeline' }],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...events, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...events },
      org_deploy_enabled: false,
      socket_mode_enabled: options.socket === true,
      token_rotation_enabled: false,
    },
  };
}
