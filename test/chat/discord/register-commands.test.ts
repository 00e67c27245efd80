/** The command definitions (pure) and `register-commands` against the fake Discord: idempotent, saying what changed. */
import { afterEach, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../../src/core/actions.js';
import { commandDefinitions, TIMELINE_COMMAND } from '../../../src/chat/discord/command-definitions.js';
import { registerCommands } from '../../../src/chat/discord/register-commands.js';
import { toCommandText } from '../../../src/chat/discord/to-command-text.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/fake-discord.js';
import { APP_ID, GUILD } from './discord-app.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

it('defines /incident with a typed subcommand per command and the message command', () => {
  const [incident, timeline] = commandDefinitions(SUBCOMMANDS, ['SEV1', 'SEV2', 'SEV3', 'SEV4']);
  expect(incident!.name).toBe('incident');
  expect(incident!.options!.map((o) => o.name)).toEqual([...SUBCOMMANDS]);
  const sub = (name: string) => incident!.options!.find((o) => o.name === name)!.options!;
  expect(sub('assign').find((o) => o.name === 'user')).toMatchObject({ type: 6, required: true });
  expect(sub('page').find((o) => o.name === 'user')).toMatchObject({ type: 6 });
  expect(sub('sev')[0]!.choices).toEqual([1, 2, 3, 4].map((n) => ({ name: `SEV${n}`, value: n })));
  expect(sub('status')[0]!.choices!.map((c) => c.value)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
  expect(sub('ack').find((o) => o.name === 'incident')).toMatchObject({ autocomplete: true });
  expect(sub('runbook').find((o) => o.name === 'name')).toMatchObject({ autocomplete: true });
  expect(timeline).toEqual({ type: 3, name: TIMELINE_COMMAND, description: '', contexts: [0] });
  for (const option of incident!.options!) {
    expect(option.description.length).toBeLessThanOrEqual(100);
    const required = (option.options ?? []).map((o) => Boolean(o.required));
    expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a))); // required options first, as Discord demands
  }
});

it('rebuilds the command text the grammar reads from subcommand and options', () => {
  const data = (name: string, options: { name: string; type: number; value: unknown }[], resolved?: unknown) =>
    ({ name: 'incident', type: 1, options: [{ type: 1, name, options }], ...(resolved ? { resolved } : {}) }) as never;
  expect(toCommandText(data('sev', [{ name: 'incident', type: 3, value: 'INC-4' }, { name: 'level', type: 4, value: 2 }]), SUBCOMMANDS)).toBe('sev INC-4 2');
  expect(toCommandText(data('note', [{ name: 'text', type: 3, value: 'rolled back\nthe canary' }]), SUBCOMMANDS)).toBe('note rolled back the canary');
  expect(
    toCommandText(data('assign', [{ name: 'user', type: 6, value: '81' }, { name: 'role', type: 3, value: 'comms' }], { users: { '81': { id: '81', username: 'ann', global_name: 'Ann K' } } }), SUBCOMMANDS),
  ).toBe('assign comms <@81|Ann K>');
});

it('registers the commands once and says what changed; a second run changes nothing', async () => {
  fake = await startFakeDiscord([]);
  const config = { botToken: 'test-token', applicationId: APP_ID, apiUrl: fake.url, guildId: GUILD };
  fake.commands.set(GUILD, [{ id: '1', type: 1, name: 'old-command', description: 'gone' }]);
  const lines: string[] = [];
  const first = await registerCommands(config, ['SEV1', 'SEV2'], (l) => lines.push(l));
  expect(first).toEqual({ added: ['incident', TIMELINE_COMMAND], changed: [], removed: ['old-command'], unchanged: [] });
  expect(lines.join('\n')).toContain('added: incident, Add to incident timeline');
  expect(lines.join('\n')).toContain('removed: old-command');
  expect(fake.log()).toEqual([`GET /applications/${APP_ID}/guilds/${GUILD}/commands`, `PUT /applications/${APP_ID}/guilds/${GUILD}/commands`]);

  const second = await registerCommands(config, ['SEV1', 'SEV2'], (l) => lines.push(l));
  expect(second).toEqual({ added: [], changed: [], removed: [], unchanged: ['incident', TIMELINE_COMMAND] });
  expect(fake.log().filter((c) => c.startsWith('PUT'))).toHaveLength(1);

  const third = await registerCommands(config, ['SEV1', 'SEV2', 'SEV3'], () => {});
  expect(third.changed).toEqual(['incident']);
});
