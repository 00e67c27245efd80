/**
 * Each outbox row's key travels in the Slack message's metadata. After an attempt that may have
 * landed (a crash or a timeout mid-flight), the channel or thread is searched for it before posting again.
 */
import type { SlackApi } from './slack-api.js';

export const METADATA_EVENT = 'firebreak_message';

export function keyMetadata(key: string): { event_type: string; event_payload: { key: string } } {
  return { event_type: METADATA_EVENT, event_payload: { key } };
}

interface FoundMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

/** The ts of the message posted with `key`: in a thread (`threadTs`) or among the channel's latest messages. */
export async function findPostedMessage(api: SlackApi, channel: string, key: string, threadTs?: string): Promise<string | undefined> {
  const result = threadTs
    ? await api.call('conversations.replies', { channel, ts: threadTs, include_all_metadata: true, limit: 200 })
    : await api.call('conversations.history', { channel, include_all_metadata: true, limit: 100 });
  const messages = (result.messages as FoundMessage[] | undefined) ?? [];
  const found = messages.find((m) => m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.key === key);
  return found?.ts;
}
