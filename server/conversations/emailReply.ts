/**
 * How a reply goes out on an e-mail channel, decided inside the command's transaction: one mail
 * answering the conversation's newest mail (Subject "Re: …", In-Reply-To, References), with a
 * Message-ID generated now and stored with the message, so every retry sends the same mail and
 * the customer's answer finds this conversation again.
 */
import { randomBytes } from 'node:crypto';
import { EMAIL_CC_MAX } from '../../shared/domain/emailCc';
import type { EmailPart } from '../../shared/domain/providers';
import type { Db } from '../db/connection';
import { emailMessages, emailThreads } from '../db/email';
import type { ProviderChannelRow } from '../db/providerChannels';
import { users } from '../db/users';
import { errors } from '../errors';

/** References kept on a reply (the newest ones): mail clients need only the chain's ends. */
const MAX_REFERENCES = 20;

interface EmailSettings {
  address: string;
  replyToken?: boolean;
  signature?: string;
}


/** Reply to all: the customer's mail's other recipients, without Kaon's own address and the customer. */
function ccOf(last: { direction: string; to_addrs: string; cc_addrs: string; from_addr: string } | undefined, own: string, recipient: string): string[] {
  if (!last) return [];
  const all = last.direction === 'in' ? [...(JSON.parse(last.to_addrs) as string[]), ...(JSON.parse(last.cc_addrs) as string[])] : (JSON.parse(last.cc_addrs) as string[]);
  const skip = new Set([own.toLowerCase(), recipient.toLowerCase()]);
  const ownLocal = own.toLowerCase().split('@')[0]!;
  const ownDomain = own.toLowerCase().split('@')[1];
  // Plus-addresses of the support address (support+token@…) are Kaon's own too.
  const isOwn = (a: string) => skip.has(a) || (a.endsWith(`@${ownDomain}`) && a.startsWith(`${ownLocal}+`));
  return [...new Set(all.map((a) => a.toLowerCase()).filter((a) => !isOwn(a)))].slice(0, EMAIL_CC_MAX);
}

/** An agent's Cc line (already valid addresses, lower-cased): never the customer again, never Kaon itself (a mail loop). */
function checkCc(cc: readonly string[], own: string, recipient: string): void {
  const ownLower = own.toLowerCase();
  const [ownLocal, ownDomain] = ownLower.split('@') as [string, string];
  for (const a of cc) {
    if (a === recipient.toLowerCase()) throw errors.badRequest(`${a} is the customer this reply goes to: remove it from Cc.`);
    if (a === ownLower || (a.endsWith(`@${ownDomain}`) && a.startsWith(`${ownLocal}+`))) throw errors.badRequest(`${a} is this channel's own address: remove it from Cc.`);
  }
}

/** The Cc a reply to this conversation gets when the agent leaves it as it is (reply to all); [] when it is not e-mail. */
export function replyAllCc(db: Db, channel: ProviderChannelRow, conversationId: string, recipient: string): string[] {
  const settings = JSON.parse(channel.config) as EmailSettings;
  return ccOf(emailMessages.lastOf(db, conversationId), settings.address, recipient);
}

export function subjectOfReply(subject: string): string {
  const s = subject.trim();
  if (!s) return 'Re: your message';
  return /^(re|aw|sv|antw)\s*:/i.test(s) ? s : `Re: ${s}`;
}

export function planEmailPart(
  db: Db,
  channel: ProviderChannelRow,
  input: { conversationId?: string | undefined; userId?: string | undefined; body: string; fileIds: readonly string[]; recipient: string; cc?: readonly string[] | undefined },
): EmailPart {
  const settings = JSON.parse(channel.config) as EmailSettings;
  const last = input.conversationId ? emailMessages.lastOf(db, input.conversationId) : undefined;
  if (input.cc) checkCc(input.cc, settings.address, input.recipient);
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
    cc: input.cc ? [...input.cc] : ccOf(last, settings.address, input.recipient),
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
