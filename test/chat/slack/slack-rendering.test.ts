/** Rendering to Block Kit, the manifest, channel names and command normalisation, as pure functions. */
import { describe, expect, it } from 'vitest';
import { fromSlackActionId } from '../../../src/chat/slack/action-id.js';
import { channelName } from '../../../src/chat/slack/channel-name.js';
import { renderBlocks } from '../../../src/chat/slack/render-blocks.js';
import { parsePrivateMetadata, renderModal, toModalValues } from '../../../src/chat/slack/render-modal.js';
import { renderMrkdwn } from '../../../src/chat/slack/render-mrkdwn.js';
import { BOT_EVENTS, slackManifest } from '../../../src/chat/slack/slack-manifest.js';
import { TRUNCATED } from '../../../src/chat/slack/slack-text.js';
import { groupMention, mention } from '../../../src/core/format.js';
import type { Block } from '../../../src/core/message.js';
import { validateBlocks } from '../../fakes/fake-slack-blocks.js';
import { fixture } from './slack-harness.js';

describe('renderMrkdwn', () => {
  it('mentions Slack people and groups, names everyone else, escapes the rest', () => {
    expect(renderMrkdwn(`${mention('slack:U123', 'Ann')} ${groupMention('slack:S9', 'sre')} ${mention('web:bob', 'Bob')} ${mention('discord:42', 'Dee')}`)).toBe(
      '<@U123> <!subteam^S9> @Bob @Dee',
    );
    expect(renderMrkdwn('**a & b** _c_ `x<y` [docs](https://example.com/a|b>)')).toBe('*a &amp; b* _c_ `x&lt;y` <https://example.com/a%7Cb%3E|docs>');
    expect(renderMrkdwn('\\<!channel\\> <!here>')).toBe('&lt;!channel&gt; &lt;!here&gt;');
  });
});

describe('renderBlocks', () => {
  it('cuts to Slack limits with the marker, and the fake Slack accepts the result', () => {
    const many: Block[] = Array.from({ length: 70 }, (_, i) => ({ type: 'text', text: `line ${i}` }));
    const long: Block = { type: 'text', text: 'é&'.repeat(4000) };
    const out = renderBlocks({ text: 'x'.repeat(5000), blocks: [long, ...many] });
    expect(out.blocks).toHaveLength(50);
    expect(JSON.stringify(out.blocks.at(-1))).toContain('truncated, full text in the console');
    const first = (out.blocks[0] as { text: { text: string } }).text.text;
    expect(first.length).toBeLessThanOrEqual(3000);
    expect(first.endsWith(TRUNCATED)).toBe(true);
    expect(first).not.toMatch(/&[a-z]*…/);
    expect(out.text.length).toBeLessThanOrEqual(4000);
    expect(validateBlocks(out.blocks)).toBeUndefined();
  });

  it('gives repeated action ids an index, stripped on the way back, and confirms danger buttons', () => {
    const out = renderBlocks({
      text: 't',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', actionId: 'fb.triage.answer', label: 'Yes', value: 'INC-1|0' },
            { type: 'button', actionId: 'fb.triage.answer', label: 'No', value: 'INC-1|1' },
            { type: 'button', actionId: 'fb.resolve.open', label: 'Resolve', value: 'INC-1', style: 'danger' },
            { type: 'select', actionId: 'fb.sev.set', placeholder: 'Sev', options: [{ label: 'SEV1', value: 'INC-1|SEV1' }], initial: 'INC-1|SEV1' },
          ],
        },
      ],
    });
    const elements = (out.blocks[0] as { elements: Record<string, any>[] }).elements;
    expect(elements.map((e) => e.action_id)).toEqual(['fb.triage.answer#0', 'fb.triage.answer#1', 'fb.resolve.open#2', 'fb.sev.set#3']);
    expect(elements.map((e) => fromSlackActionId(e.action_id))).toEqual(['fb.triage.answer', 'fb.triage.answer', 'fb.resolve.open', 'fb.sev.set']);
    expect(elements[2]!.confirm).toMatchObject({ title: { text: 'Resolve?' }, style: 'danger' });
    expect(elements[0]!.confirm).toBeUndefined();
    expect(elements[3]!.initial_option).toEqual(elements[3]!.options[0]);
    expect(validateBlocks(out.blocks)).toBeUndefined();
  });
});

describe('renderModal', () => {
  it('renders inputs and reads the submitted state back by input id', () => {
    const view = renderModal(
      {
        id: 'fb.modal.declare',
        title: 'Declare an incident now please',
        submitLabel: 'Declare',
        privateValue: 'INC-3',
        inputs: [
          { type: 'text', id: 'title', label: 'Title', maxLength: 200 },
          { type: 'select', id: 'severity', label: 'Severity', initial: 'SEV2', options: [{ label: 'SEV2', value: 'SEV2' }] },
        ],
      },
      { channel: 'C1', threadTs: '1.2' },
    );
    expect(view).toMatchObject({ type: 'modal', callback_id: 'fb.modal.declare', title: { text: 'Declare an incident now…' } });
    expect((view.blocks as any[]).map((b) => [b.block_id, b.element.type, b.element.action_id])).toEqual([
      ['title', 'plain_text_input', 'title'],
      ['severity', 'static_select', 'severity'],
    ]);
    expect(parsePrivateMetadata(view.private_metadata as string)).toEqual({ privateValue: 'INC-3', origin: { channel: 'C1', threadTs: '1.2' } });
    const submitted = JSON.parse(fixture('view_submission.json')) as { view: { state: unknown; private_metadata: string } };
    expect(toModalValues(submitted.view.state)).toEqual({ maBWU: 'test' });
    expect(parsePrivateMetadata(submitted.view.private_metadata)).toEqual({ privateValue: 'This is for you!', origin: {} });
    expect(toModalValues({ values: { severity: { severity: { type: 'static_select', selected_option: { value: 'SEV1' } } } } })).toEqual({ severity: 'SEV1' });
  });
});

describe('channelName', () => {
  it('is lowercase, at most 80 characters, and numbered when taken', () => {
    expect(channelName('INC-42', 'Checkout returns 502!')).toBe('inc-42-checkout-returns-502');
    expect(channelName('INC-42', 'Checkout returns 502', 2)).toBe('inc-42-checkout-returns-502-2');
    expect(channelName('INC-7', 'Größe Ünïcode ✨')).toBe('inc-7-grosse-unicode');
    const long = channelName('INC-1000', 'a very long title '.repeat(10), 12);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^inc-1000-a-very-long[a-z0-9-]*[a-z0-9]-12$/);
  });
});

describe('slackManifest', () => {
  it('names the events URL, the command, the shortcut, the scopes and events', () => {
    const m = slackManifest({ publicUrl: 'https://fb.example.org/' }) as any;
    expect(m.settings.event_subscriptions.request_url).toBe('https://fb.example.org/slack/events');
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://fb.example.org/slack/events' });
    expect(m.features.slash_commands[0]).toMatchObject({ command: '/incident', url: 'https://fb.example.org/slack/events', should_escape: true });
    expect(m.features.shortcuts[0]).toMatchObject({ type: 'message', callback_id: 'fb_add_to_timeline' });
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'chat:write.public', 'commands', 'channels:manage', 'reactions:read', 'users:read', 'files:write']));
    expect(m.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
    expect(m.settings.socket_mode_enabled).toBe(false);
  });

  it('has no URLs in the Socket Mode variant', () => {
    const m = slackManifest({ publicUrl: 'https://fb.example.org', socket: true }) as any;
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(m)).not.toContain('fb.example.org');
  });
});
