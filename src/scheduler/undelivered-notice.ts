/**
 * Says in the web console that a message could not be delivered to a chat platform: in the
 * incident's console thread (or the console's channel of the same name). The note is written to
 * the console directly, never queued in the outbox and never sent to a platform, so a delivery
 * error can never cause another delivery, let alone a loop of them.
 */
import { escapeText } from '../core/format.js';
import type { Logger } from '../core/logger.js';
import type { ChatMessage } from '../core/message.js';
import type { ChatPort, OutboxRow, OutboxStore } from '../core/ports.js';

export function createUndeliveredNotice(deps: { console: ChatPort; refs: Pick<OutboxStore, 'getMessageRef'>; log: Logger }) {
  return async (row: OutboxRow, reason: string): Promise<void> => {
    // The console is where the note goes; a console message that failed is only logged.
    if (row.surface === deps.console.surface) return;
    const message = undeliveredMessage(row, reason);
    if (row.to.kind === 'channel') {
      await deps.console.post({ channel: row.to.channel }, message, noDelivery(row));
      return;
    }
    const thread = await deps.refs.getMessageRef(deps.console.surface, row.to.incidentId, 'thread');
    if (!thread) {
      deps.log.warn({ outboxId: row.id, incidentId: row.to.incidentId }, 'no console thread to report an undelivered message in');
      return;
    }
    await deps.console.post({ thread }, message, noDelivery(row));
  };
}

export function undeliveredMessage(row: OutboxRow, reason: string): ChatMessage {
  const text = `⚠️ Not delivered to ${row.surface}: “${row.message.text.slice(0, 120)}” — ${reason}`;
  return {
    text,
    accent: 'major',
    blocks: [
      { type: 'text', text: `⚠️ **Not delivered to ${escapeText(row.surface)}**: ${escapeText(row.message.text.slice(0, 300))}` },
      { type: 'context', text: escapeText(`${reason.slice(0, 300)} · the thread on ${row.surface} goes on without it`) },
    ],
  };
}

function noDelivery(row: OutboxRow) {
  return { key: `fb-${row.id}:undelivered`, attempt: 1, saveProgress: async () => undefined };
}
