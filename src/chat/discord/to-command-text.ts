/** An `/incident` application command as the grammar's text: `sev 2 INC-4`, `assign commander <@81…|Ann>`. */
import type { Subcommand } from '../../core/actions.js';
import { OPTION, commandDefinitions } from './command-definitions.js';
import { displayName, type RawInteraction, type RawOption } from './raw-interaction.js';

export function toCommandText(data: NonNullable<RawInteraction['data']>, subcommands: readonly Subcommand[]): string {
  const sub = data.options?.find((o) => o.type === OPTION.subcommand);
  if (!sub) return 'help';
  const given = new Map((sub.options ?? []).map((o) => [o.name, o]));
  const defined = commandDefinitions(subcommands, []).at(0)?.options?.find((o) => o.name === sub.name)?.options ?? [];
  // The incident goes right after the subcommand: the grammar takes it there for every command.
  const words = [sub.name];
  const named = given.get('incident')?.value;
  if (named !== undefined) words.push(String(named).trim());
  for (const option of defined) {
    if (option.name === 'incident') continue;
    const value = given.get(option.name);
    if (value?.value === undefined) continue;
    if (option.name === 'done') words.push('done'); // `followup done <n>`
    words.push(option.type === OPTION.user ? userRef(String(value.value), data.resolved) : flatten(value));
  }
  return words.filter(Boolean).join(' ');
}

function userRef(id: string, resolved: NonNullable<RawInteraction['data']>['resolved']): string {
  return `<@${id}|${displayName(resolved?.users?.[id], resolved?.members?.[id]?.nick)}>`;
}

function flatten(option: RawOption): string {
  return String(option.value).replace(/\s+/g, ' ').trim();
}

/** The option being typed in an autocomplete interaction, with its subcommand. */
export function focusedOption(data: NonNullable<RawInteraction['data']>): { subcommand: string; name: string; value: string } | undefined {
  const sub = data.options?.find((o) => o.type === OPTION.subcommand);
  const focused = sub?.options?.find((o) => o.focused);
  if (!sub || !focused) return undefined;
  return { subcommand: sub.name, name: focused.name, value: String(focused.value ?? '') };
}
