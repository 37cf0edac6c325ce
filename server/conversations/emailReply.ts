/**
 * How a reply goes out on an e-mail channel, decided inside the command's transaction: one mail
 * answering the conversation's newest mail (Subject "Re: …", In-Reply-To, References), with a
 * Message-ID generated now and stored with the message, so every retry sends the same mail and
 * the customer's answer finds this conversation again.
 */
import { randomBytes } from 'node:crypto';
import type { EmailPart } from '../../shared/domain/providers';
import type { Db } from '../db/connection';
import { emailMessages, emailThreads } from '../db/email';
import type { ProviderChannelRow } from '../db/providerChannels';
import { users } from '../db/users';

/** References kept on a reply (the newest ones): mail clients need only the chain's ends. */
const MAX_REFERENCES = 20;

interface EmailSettings {
  address: string;
  replyToken?: boolean;
  signature?: string;
}

/** Most Cc addresses a reply keeps. */
const MAX_CC = 20;

/** Reply to all: the customer's mail's other recipients, without Kaon's own address and the customer. */
function ccOf(last: { direction: string; to_addrs: string; cc_addrs: string; from_addr: string } | undefined, own: string, recipient: string): string[] {
  if (!last) return [];
  const all = last.direction === 'in' ? [...(JSON.parse(last.to_addrs) as string[]), ...(JSON.parse(last.cc_addrs) as string[])] : (JSON.parse(last.cc_addrs) as string[]);
  const skip = new Set([own.toLowerCase(), recipient.toLowerCase()]);
  const ownLocal = own.toLowerCase().split('@')[0]!;
  const ownDomain = own.toLowerCase().split('@')[1];
  // Plus-addresses of the support address (support+token@…) are Kaon's own too.
  const isOwn = (a: string) => skip.has(a) || (a.endsWith(`@${ownDomain}`) && a.startsWith(`${ownLocal}+`));
  return [...new Set(all.map((a) => a.toLowerCase()).filter((a) => !isOwn(a)))].slice(0, MAX_CC);
}

export function subjectOfReply(subject: string): string {
  const s = subject.trim();
  if (!s) return 'Re: your message';
  return /^(re|aw|sv|antw)\s*:/i.test(s) ? s : `Re: ${s}`;
}

export function planEmailPart(
  db: Db,
  channel: ProviderChannelRow,
  input: { conversationId?: string | undefined; userId?: string | undefined; body: string; fileIds: readonly string[]; recipient: string },
): EmailPart {
  const settings = JSON.parse(channel.config) as EmailSettings;
  const last = input.conversationId ? emailMessages.lastOf(db, input.conversationId) : undefined;
  const [local, domain] = settings.address.split('@') as [string, string];
  const refs = last ? [...(JSON.parse(last.refs) as string[]), last.rfc_id].slice(-MAX_REFERENCES) : [];
  let replyTo: string | null = null;
  if (settings.replyToken) {
    const token = (input.conversationId && emailThreads.tokenOf(db, input.conversationId)) || randomBytes(10).toString('hex');
    replyTo = `${local}+${token}@${domain}`;
  }
  return {
    type: 'email',
    body: settings.signature?.trim() ? `${input.body}\n\n-- \n${settings.signature.trim()}` : input.body,
    fileIds: [...input.fileIds],
    subject: subjectOfReply(last?.subject ?? ''),
    messageId: `<${randomBytes(16).toString('hex')}@${domain || 'kaon.invalid'}>`,
    inReplyTo: last?.rfc_id ?? null,
    references: refs,
    fromName: users.nameOf(db, input.userId ?? null) ?? channel.name,
    replyTo,
    cc: ccOf(last, settings.address, input.recipient),
  };
}

/** With the outbox row: the reply's headers, for threading the answer and for bounces. */
export function recordEmailReply(db: Db, spaceId: string, messageId: string, channelId: string, recipient: string, part: EmailPart, now: number): void {
  const row = db.prepare('SELECT conversation_id FROM messages WHERE id = ?').get(messageId) as { conversation_id: string } | undefined;
  if (!row) return;
  const channel = db.prepare('SELECT config FROM channels WHERE id = ?').get(channelId) as { config: string } | undefined;
  const from = channel ? String((JSON.parse(channel.config) as EmailSettings).address ?? '') : '';
  emailMessages.insert(db, {
    message_id: messageId,
    space_id: spaceId,
    channel_id: channelId,
    conversation_id: row.conversation_id,
    direction: 'out',
    rfc_id: part.messageId,
    subject: part.subject,
    from_addr: from,
    to_addrs: JSON.stringify([recipient]),
    cc_addrs: JSON.stringify(part.cc),
    refs: JSON.stringify(part.references),
    html: null,
    quoted: '',
    auth_results: null,
    created_at: now,
  });
  const token = part.replyTo ? /\+([a-z0-9]+)@/.exec(part.replyTo)?.[1] : undefined;
  if (token) emailThreads.insert(db, spaceId, row.conversation_id, token);
}
