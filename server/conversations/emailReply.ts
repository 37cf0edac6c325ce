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
}

export function subjectOfReply(subject: string): string {
  const s = subject.trim();
  if (!s) return 'Re: your message';
  return /^(re|aw|sv|antw)\s*:/i.test(s) ? s : `Re: ${s}`;
}

export function planEmailPart(
  db: Db,
  channel: ProviderChannelRow,
  input: { conversationId?: string | undefined; userId?: string | undefined; body: string; fileIds: readonly string[] },
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
    body: input.body,
    fileIds: [...input.fileIds],
    subject: subjectOfReply(last?.subject ?? ''),
    messageId: `<${randomBytes(16).toString('hex')}@${domain || 'kaon.invalid'}>`,
    inReplyTo: last?.rfc_id ?? null,
    references: refs,
    fromName: users.nameOf(db, input.userId ?? null) ?? channel.name,
    replyTo,
    cc: [],
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
