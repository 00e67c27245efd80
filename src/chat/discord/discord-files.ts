/**
 * A message's attachment (the post-mortem draft) as a Discord file: multipart `files[0]` plus its
 * entry in `attachments`. It rides on the same create-message call, so the `nonce` that makes a
 * re-post return the first message covers the file too.
 */
import type { RawFile } from 'discord.js';
import type { Attachment } from '../../core/message.js';

export function toDiscordFile(attachment: Attachment): { raw: RawFile; attachment: { id: number; filename: string } } {
  return {
    raw: { name: attachment.filename, data: Buffer.from(attachment.body, 'utf8'), contentType: attachment.contentType },
    attachment: { id: 0, filename: attachment.filename },
  };
}
