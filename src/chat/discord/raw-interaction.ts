/** The parts of Discord's interaction payload (gateway INTERACTION_CREATE or HTTP) that Firebreak reads. */

export interface RawUser {
  id: string;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
}

export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawOption[];
}

export interface RawMessage {
  id: string;
  channel_id: string;
  author?: RawUser;
  content?: string;
  timestamp?: string;
  embeds?: { title?: string; description?: string }[];
}

export interface RawInteraction {
  id: string;
  application_id: string;
  type: number;
  token: string;
  guild_id?: string;
  channel_id?: string;
  member?: { user?: RawUser; nick?: string | null };
  user?: RawUser;
  data?: {
    name?: string;
    type?: number;
    options?: RawOption[];
    target_id?: string;
    custom_id?: string;
    component_type?: number;
    values?: string[];
    components?: never[];
    resolved?: {
      users?: Record<string, RawUser>;
      members?: Record<string, { nick?: string | null }>;
      messages?: Record<string, RawMessage>;
    };
  };
}

export const INTERACTION_TYPE = { ping: 1, command: 2, component: 3, autocomplete: 4, modalSubmit: 5 } as const;

/** A person as Discord shows them: server nickname, then display name, then user name. */
export function displayName(user: RawUser | undefined, nick?: string | null): string {
  return (nick || user?.global_name || user?.username || user?.id || 'someone').replace(/[|>\n]/g, ' ').trim() || 'someone';
}

export function actorOf(interaction: Pick<RawInteraction, 'member' | 'user'>): { id: string; name: string } | undefined {
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return undefined;
  return { id: `discord:${user.id}`, name: displayName(user, interaction.member?.nick) };
}

export function messageLink(guildId: string | undefined, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}
