import { ENV_HINTS, type Env } from './env-schema.js';

export interface SlackConfig {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  incidentChannel?: string;
  statusChannel?: string;
  /** Policy `slack.room`: a thread under a header in the incident channel, or a channel per incident. */
  room: 'thread' | 'channel';
  /** Policy `slack.replyBroadcast`: status updates and resolutions in a thread are also shown in the channel. */
  replyBroadcast: boolean;
  /** Policy `slack.allowBots`: act on mentions and 📌 from other bots too. */
  allowBots: boolean;
}

export interface DiscordConfig {
  botToken: string;
  applicationId: string;
  publicKey?: string;
  apiUrl: string;
  guildId?: string;
  incidentChannel?: string;
  statusChannel?: string;
  /** Policy `discord.autoArchiveMinutes`: inactivity after which Discord archives an incident thread. */
  autoArchiveMinutes?: 60 | 1440 | 4320 | 10080;
  /** Policy `discord.messageContent`: request the privileged Message Content intent (text of 📌 messages). */
  messageContent?: boolean;
}

export interface PagerDutyConfig {
  apiToken?: string;
  apiUrl: string;
  routingKey?: string;
  eventsUrl: string;
  fromEmail?: string;
  /** Policy `pagerduty.severities`: SEVn → Events v2 severity, over the defaults. */
  severities?: Record<string, 'critical' | 'error' | 'warning' | 'info'>;
  /** Policy `pagerduty.services`: `page <name>` → that service's Events v2 routing key. */
  services?: Record<string, string>;
  /** Policy `pagerduty.personService`: the service id a person is paged on (`page @user`). */
  personService?: string;
}

/** Chat and pager sections: present only when their token is set; cross-checks push into `problems`. */
export function toChatConfig(
  e: Env,
  problems: string[],
): { slack?: SlackConfig; discord?: DiscordConfig; pagerduty?: PagerDutyConfig } {
  const need = (name: keyof Env, why: string) => {
    if (!e[name]) problems.push(`${name}: required ${why}; get it from ${ENV_HINTS[name] ?? 'your provider'}`);
  };
  const out: { slack?: SlackConfig; discord?: DiscordConfig; pagerduty?: PagerDutyConfig } = {};
  if (e.SLACK_BOT_TOKEN) {
    if (!e.SLACK_APP_TOKEN) need('SLACK_SIGNING_SECRET', 'with SLACK_BOT_TOKEN over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
    need('SLACK_INCIDENT_CHANNEL', 'with SLACK_BOT_TOKEN');
    out.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL!,
      incidentChannel: e.SLACK_INCIDENT_CHANNEL,
      statusChannel: e.SLACK_STATUS_CHANNEL,
      room: 'thread',
      replyBroadcast: false,
      allowBots: false,
    };
  } else if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
    need('SLACK_BOT_TOKEN', 'when other SLACK_* variables are set');
  }
  if (e.DISCORD_BOT_TOKEN) {
    need('DISCORD_APPLICATION_ID', 'with DISCORD_BOT_TOKEN');
    need('DISCORD_INCIDENT_CHANNEL', 'with DISCORD_BOT_TOKEN');
    out.discord = {
      botToken: e.DISCORD_BOT_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID ?? '',
      publicKey: e.DISCORD_PUBLIC_KEY,
      apiUrl: e.DISCORD_API_URL!,
      guildId: e.DISCORD_GUILD_ID,
      incidentChannel: e.DISCORD_INCIDENT_CHANNEL,
      statusChannel: e.DISCORD_STATUS_CHANNEL,
    };
  }
  if (e.PAGERDUTY_API_TOKEN || e.PAGERDUTY_ROUTING_KEY) {
    out.pagerduty = {
      apiToken: e.PAGERDUTY_API_TOKEN,
      apiUrl: e.PAGERDUTY_API_URL!,
      routingKey: e.PAGERDUTY_ROUTING_KEY,
      eventsUrl: e.PAGERDUTY_EVENTS_URL!,
      fromEmail: e.PAGERDUTY_FROM_EMAIL,
    };
  }
  return out;
}
