/**
 * `firebreak discord register-commands`: bulk-overwrites the application's commands for the guild
 * (or globally), after comparing with what Discord has, so a second run changes nothing and the
 * output says what changed.
 */
import { REST } from 'discord.js';
import { SUBCOMMANDS } from '../../core/actions.js';
import type { DiscordConfig } from '../../config/integrations.js';
import { commandDefinitions, type CommandDefinition } from './command-definitions.js';

export interface CommandChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** What uploading `wanted` would change, compared with the commands Discord has. */
export function diffCommands(wanted: CommandDefinition[], existing: Record<string, unknown>[]): CommandChanges {
  const key = (c: { type?: unknown; name?: unknown }) => `${String(c.type ?? 1)}:${String(c.name)}`;
  const have = new Map(existing.map((c) => [key(c), c]));
  const changes: CommandChanges = { added: [], changed: [], removed: [], unchanged: [] };
  for (const command of wanted) {
    const theirs = have.get(key(command));
    have.delete(key(command));
    if (!theirs) changes.added.push(command.name);
    else (sameAs(command, theirs) ? changes.unchanged : changes.changed).push(command.name);
  }
  changes.removed.push(...[...have.values()].map((c) => String(c.name)));
  return changes;
}

/** Whether Discord's copy says what ours says (it adds ids, versions and defaults). */
function sameAs(ours: unknown, theirs: unknown): boolean {
  if (Array.isArray(ours)) return Array.isArray(theirs) && ours.length === theirs.length && ours.every((o, i) => sameAs(o, theirs[i]));
  if (ours && typeof ours === 'object') {
    if (!theirs || typeof theirs !== 'object') return false;
    return Object.entries(ours).every(([k, v]) => sameAs(v, (theirs as Record<string, unknown>)[k]) || (isDefault(v) && isDefault((theirs as Record<string, unknown>)[k])));
  }
  return ours === theirs;
}

function isDefault(value: unknown): boolean {
  return value === undefined || value === false || value === null || (Array.isArray(value) && value.length === 0);
}

export async function registerCommands(config: DiscordConfig, severities: string[], print: (line: string) => void): Promise<CommandChanges> {
  const rest = new REST({ api: config.apiUrl.replace(/\/+$/, '') }).setToken(config.botToken);
  const route = config.guildId
    ? (`/applications/${config.applicationId}/guilds/${config.guildId}/commands` as const)
    : (`/applications/${config.applicationId}/commands` as const);
  const wanted = commandDefinitions(SUBCOMMANDS, severities);
  const existing = (await rest.get(route)) as Record<string, unknown>[];
  const changes = diffCommands(wanted, existing);
  const where = config.guildId ? `guild ${config.guildId}` : 'every guild (global commands can take up to an hour to appear)';
  if (changes.added.length + changes.changed.length + changes.removed.length === 0) {
    print(`Commands for ${where} are up to date: ${changes.unchanged.join(', ')}.`);
    return changes;
  }
  await rest.put(route, { body: wanted });
  print(`Registered commands for ${where}:`);
  for (const [label, names] of Object.entries(changes)) if (names.length) print(`  ${label}: ${names.join(', ')}`);
  return changes;
}
