/** Rendering the neutral model within Discord's limits, and the invalid-request guard. */
import pino from 'pino';
import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { ACTION } from '../../../src/core/actions.js';
import { ManualClock } from '../../../src/core/clock.js';
import { escapeText, groupMention, mention } from '../../../src/core/format.js';
import type { Button, ChatMessage } from '../../../src/core/message.js';
import { InvalidRequestGuard } from '../../../src/chat/discord/invalid-request-guard.js';
import { parseCustomId } from '../../../src/chat/discord/render-components.js';
import { renderMessage } from '../../../src/chat/discord/render-message.js';
import { TRUNCATED } from '../../../src/chat/discord/render-inline.js';

const button = (value: string): Button => ({ type: 'button', actionId: ACTION.runbookStep, label: `Step ${value}`, value });

it('keeps to 5 rows of 5 buttons with unique custom ids of at most 100 characters', () => {
  const many = Array.from({ length: 30 }, (_, i) => button(`INC-1|db|${i}|done`));
  const twins = [button('INC-1|same'), button('INC-1|same')];
  const rendered = renderMessage({ text: 'steps', blocks: [{ type: 'text', text: 'steps' }, { type: 'actions', elements: [...twins, ...many] }] });
  expect(rendered.components).toHaveLength(5);
  const ids = rendered.components.flatMap((r) => r.components.map((c) => c.custom_id));
  expect(rendered.components.every((r) => r.components.length <= 5)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every((id) => id.length <= 100)).toBe(true);
  expect(ids.slice(0, 2)).toEqual(['fb.runbook.step|INC-1|same', 'fb.runbook.step~2|INC-1|same']);
  expect(parseCustomId(ids[1]!)).toEqual({ actionId: ACTION.runbookStep, value: 'INC-1|same' });
  expect(rendered.content).toContain('7 more actions in the console');
});

it('moves a body over 2000 characters into the embed and truncates past 4096 with the marker', () => {
  const long = 'x'.repeat(5_000);
  const rendered = renderMessage({ text: 'long', blocks: [{ type: 'text', text: `${mention('discord:123456789012345678', 'Ann')} heads up` }, { type: 'text', text: long }] });
  expect(rendered.content.length).toBeLessThanOrEqual(2000);
  expect(rendered.content).toContain('<@123456789012345678>'); // the ping stays in content (embeds never ping)
  expect(rendered.embeds[0]!.description!.length).toBe(4096);
  expect(rendered.embeds[0]!.description!.endsWith(TRUNCATED)).toBe(true);
  expect(rendered.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'], roles: [] });
});

it('pings exactly the people and roles the core mentioned; escapes everything else', () => {
  const text = `${mention('discord:111111111111111111', 'Ann')} ${groupMention('discord:222222222222222222', 'SRE')} ${mention('web:bob', 'Bob')} ${escapeText('**@everyone** <@&333333333333333333> # not a heading')}`;
  const rendered = renderMessage({ text, blocks: [{ type: 'text', text }], accent: 'critical' } as ChatMessage);
  expect(rendered.content).toBe('<@111111111111111111> <@&222222222222222222> @Bob \\*\\*@\u200beveryone\\*\\* \\<@&333333333333333333\\> # not a heading');
  expect(rendered.allowed_mentions).toEqual({ parse: [], users: ['111111111111111111'], roles: ['222222222222222222'] });
  const fields = renderMessage({ text: 'f', blocks: [{ type: 'fields', fields: [{ label: 'Severity', value: '**SEV1**' }] }], accent: 'critical' });
  expect(fields.embeds).toEqual([{ color: 0xd92d20, fields: [{ name: 'Severity', value: '**SEV1**', inline: true }] }]);
});

it('pauses a route that keeps drawing 401/403/429, then every route, well below the ban threshold', async () => {
  const clock = new ManualClock();
  const metrics = new Registry();
  const guard = new InvalidRequestGuard(clock, pino({ level: 'silent' }), metrics, { windowMs: 600_000, perRoute: 3, total: 5 });
  for (let i = 0; i < 3; i++) guard.record('/channels/1/messages', 403);
  guard.record('/channels/1/messages', 500); // not an invalid request
  expect(guard.waitFor('/channels/1/messages')).toBe(600_000);
  expect(guard.waitFor('/channels/2/messages')).toBe(0);
  expect(guard.trippedReason).toBeUndefined();
  guard.record('/channels/2/messages', 429);
  guard.record('/channels/3/messages', 401);
  expect(guard.trippedReason).toMatch(/5 invalid Discord requests/);
  expect(guard.waitFor('/channels/9/messages')).toBeGreaterThan(0);
  expect(await metrics.getSingleMetricAsString('firebreak_discord_invalid_requests_total')).toContain('status="403"} 3');
  expect(await metrics.getSingleMetricAsString('firebreak_discord_paused_routes')).toContain('-1');
  clock.advance(600_001);
  expect(guard.trippedReason).toBeUndefined();
  expect(guard.waitFor('/channels/1/messages')).toBe(0);
});
