/**
 * One raw mail into Kaon, from either path (the IMAP watcher or the SMTP receiver): parsed,
 * its attachments saved to the file store (outside any transaction), then stored by
 * receiveEmail in one transaction. A mail already stored (same Message-ID) costs a parse only.
 */
import { Readable } from 'node:stream';
import type { BlobStore } from '../../attachments/BlobStore';
import { receiveEmail, type ReceiveEmailResult } from '../../commands/receiveEmail';
import { emailMessages } from '../../db/email';
import { dropUnattachedFile, type ProviderChannelRow } from '../../db/providerChannels';
import type { Deps } from '../../deps';
import { saveCustomerFile } from '../media';
import { linkInlineImages } from './inlineImages';
import { parseEmail, type ParsedMail } from './parse';

/** Attachments per mail; more are listed as left in the mailbox. */
const MAX_ATTACHMENTS = 20;
/** Text kept per mail (the new part and the quoted history each). */
const MAX_TEXT = 100_000;

export async function parseForChannel(deps: Deps, raw: Buffer): Promise<ParsedMail> {
  return parseEmail(raw, { maxAttachmentBytes: deps.config.maxUploadBytes, maxAttachments: MAX_ATTACHMENTS, maxTextChars: MAX_TEXT });
}

/** `envelopeTo`: the SMTP envelope's recipients (forwarding), where a reply token may be even when the headers lost it. */
export async function ingestEmail(deps: Deps, store: BlobStore, channel: ProviderChannelRow, raw: Buffer, envelopeTo: readonly string[] = []): Promise<ReceiveEmailResult> {
  const mail = await parseForChannel(deps, raw);
  mail.recipients.push(...envelopeTo.map((a) => a.toLowerCase()));
  const seen = emailMessages.byRfcId(deps.db, channel.space_id, mail.messageId).find((m) => m.direction === 'in');
  if (seen) return { outcome: 'duplicate', messageId: seen.message_id };
  const fileIds: string[] = [];
  const keep = mail.kind === 'mail' || mail.kind === 'auto' || mail.kind === 'bulk';
  if (keep && mail.from) {
    for (const a of mail.attachments) {
      fileIds.push(await saveCustomerFile(deps, store, { spaceId: channel.space_id, contactKey: mail.from.address, body: Readable.from([a.bytes]), mime: a.mime, name: a.name }));
    }
    // Inline images (cid:) now point at the stored parts; the viewer signs links to them.
    if (mail.html) mail.html = linkInlineImages(mail.html, mail.attachments.map((a, i) => ({ cid: a.cid, mime: a.mime, fileId: fileIds[i]! })));
  }
  const notes = mail.dropped.map((d) => `⚠️ ${d}`);
  if (mail.messageIdMissing) notes.push('(This mail had no Message-ID; Kaon gave it one from its content.)');
  let result: ReceiveEmailResult;
  try {
    result = receiveEmail(deps, { channel, mail, fileIds, notes });
  } catch (err) {
    deps.db.transaction(() => fileIds.forEach((id) => dropUnattachedFile(deps.db, id)))();
    throw err;
  }
  if (result.outcome !== 'stored') deps.db.transaction(() => fileIds.forEach((id) => dropUnattachedFile(deps.db, id)))();
  return result;
}
