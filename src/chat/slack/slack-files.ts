/**
 * A message's attachment (the post-mortem draft) uploaded into its Slack thread with
 * `files.uploadV2`. Uploads carry no metadata, so after an attempt that may have landed the thread
 * is searched for a file of the same name posted after the message before uploading again.
 */
import type { Logger } from '../../core/logger.js';
import type { Attachment } from '../../core/message.js';
import type { Delivery } from '../../core/ports.js';
import type { SlackApi } from './slack-api.js';

interface FileMessage {
  ts?: string;
  files?: { name?: string }[];
}

/** `after`: the ts of the message the file goes with; `threadTs`: the thread, absent in a room of its own. */
export async function uploadAttachment(
  api: SlackApi,
  log: Logger,
  target: { channel: string; threadTs?: string; after: string },
  attachment: Attachment,
  delivery: Delivery,
): Promise<void> {
  if (delivery.attempt > 1 && (await findUploaded(api, target, attachment.filename))) {
    log.info({ channel: target.channel, key: delivery.key }, 'slack file of an earlier attempt found; not uploading again');
    return;
  }
  const file = { filename: attachment.filename, title: attachment.filename, content: attachment.body };
  await api.uploadFile(target.threadTs ? { ...file, channel_id: target.channel, thread_ts: target.threadTs } : { ...file, channel_id: target.channel });
}

async function findUploaded(api: SlackApi, target: { channel: string; threadTs?: string; after: string }, filename: string): Promise<boolean> {
  const result = target.threadTs
    ? await api.call('conversations.replies', { channel: target.channel, ts: target.threadTs, limit: 200 })
    : await api.call('conversations.history', { channel: target.channel, oldest: target.after, limit: 100 });
  const messages = (result.messages as FileMessage[] | undefined) ?? [];
  return messages.some((m) => Number(m.ts ?? 0) >= Number(target.after) && (m.files ?? []).some((f) => f.name === filename));
}
