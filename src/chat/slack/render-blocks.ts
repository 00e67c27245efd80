/** A neutral ChatMessage as a Slack message: Block Kit blocks plus the notification text, cut to Slack's limits. */
import type { Block, ChatMessage } from '../../core/message.js';
import { renderElement, type SlackObject } from './render-elements.js';
import { renderMrkdwn } from './render-mrkdwn.js';
import { SLACK_LIMITS as L, TRUNCATED, escapeSlack, truncate } from './slack-text.js';

export interface SlackMessage {
  text: string;
  blocks: SlackObject[];
}

const ACCENT_EMOJI: Record<NonNullable<ChatMessage['accent']>, string> = {
  critical: '🔴',
  major: '🟠',
  minor: '🟡',
  info: '🔵',
  ok: '🟢',
};

export function renderBlocks(message: ChatMessage): SlackMessage {
  let blocks = message.blocks.map(renderBlock).filter((b): b is SlackObject => b !== undefined);
  if (blocks.length > L.blocks) {
    blocks = blocks.slice(0, L.blocks - 1);
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: TRUNCATED.slice(2) }] });
  }
  const mark = message.accent && message.accent !== 'info' ? `${ACCENT_EMOJI[message.accent]} ` : '';
  return { text: truncate(mark + escapeSlack(message.text), L.fallbackText), blocks };
}

function renderBlock(block: Block): SlackObject | undefined {
  switch (block.type) {
    case 'text':
      return section(renderMrkdwn(block.text));
    case 'code':
      return section('```\n' + truncate(escapeSlack(block.text), L.sectionText - 8) + '\n```');
    case 'fields':
      if (block.fields.length === 0) return undefined;
      return {
        type: 'section',
        fields: block.fields.slice(0, L.fields).map((f) => ({
          type: 'mrkdwn',
          text: truncate(`*${escapeSlack(f.label)}*\n${renderMrkdwn(f.value)}`, L.field),
        })),
      };
    case 'context':
      return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(renderMrkdwn(block.text) || ' ', L.sectionText) }] };
    case 'actions':
      if (block.elements.length === 0) return undefined;
      return { type: 'actions', elements: block.elements.slice(0, L.actionsElements).map(renderElement) };
    case 'divider':
      return { type: 'divider' };
  }
}

function section(text: string): SlackObject {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text || ' ', L.sectionText) } };
}
