import { advancesStatus } from '../../shared/domain/providers';
import { planInbound } from '../../shared/domain/conversation';
import { MESSAGE_LIMITS } from '../../shared/domain/messageLimits';
import { appendMessage, checkFiles, openConversation, setMessageStatus, wakeConversation } from '../conversations/core';
import { transact, type Tx } from '../conversations/transaction';
import type { ChannelRow } from '../db/channels';
import { contactDocEdits, contacts } from '../db/contacts';
import { clientKey, conversations, messages, stateOf, type ConversationRow } from '../db/conversations';
import { contactByEmail, emailMessages, emailThreads, setContactEmailIfEmpty } from '../db/email';
import { messageWithContact } from '../db/outbox';
import { newId } from '../db/ids';
import { search } from '../db/search';
import { runTrigger } from '../workflows/run';
import type { CommandDeps } from './commandDeps';

/** What receiveEmail needs of a parsed mail (server/channels/email/parse.ts makes it). */
export interface InboundMail {
  messageId: string;
  from: { address: string; name: string } | null;
  to: string[];
  cc: string[];
  recipients: string[];
  subject: string;
  references: string[];
  date: number | undefined;
  text: string;
  quoted: string;
  html: string | null;
  kind: 'mail' | 'auto' | 'bulk' | 'bounce';
  bounce: { originalMessageId: string | null; reason: string } | null;
  authResults: { spf: string | null; dkim: string | null; dmarc: string | null } | null;
}
type ParsedMail = InboundMail;

export type ReceiveEmailResult =
  | { outcome: 'stored'; messageId: string; conversationId: string; contactId: string; opened: boolean }
  | { outcome: 'duplicate'; messageId: string }
  | { outcome: 'bounce'; failedMessageId: string | null }
  | { outcome: 'ignored'; why: string };

/** The local part's `+token` of any recipient (support+<token>@example.com). */
export function replyTokenOf(recipients: readonly string[]): string[] {
  return recipients.map((a) => /^[^@+]+\+([a-z0-9]{8,64})@/i.exec(a)?.[1]?.toLowerCase()).filter((t): t is string => !!t);
}

/**
 * The conversation a mail continues: by In-Reply-To/References against the Message-IDs Kaon
 * stored (newest reference first, Kaon's own replies included), then by the reply token in the
 * address. Null when neither names one of this space's conversations.
 */
function threadOf(tx: Tx, spaceId: string, mail: ParsedMail): ConversationRow | null {
  for (const rfc of [...mail.references].reverse()) {
    const hit = emailMessages.byRfcId(tx.db, spaceId, rfc)[0];
    if (hit) return conversations.inSpace(tx.db, spaceId, hit.conversation_id) ?? null;
  }
  for (const token of replyTokenOf(mail.recipients)) {
    const id = emailThreads.conversationOf(tx.db, spaceId, token);
    if (id) return conversations.inSpace(tx.db, spaceId, id) ?? null;
  }
  return null;
}

/** The sender's contact: by address on this channel, then by the profile's e-mail (any channel), else a new one. */
function contactOf(tx: Tx, channel: ChannelRow, address: string, name: string) {
  const spaceId = channel.space_id;
  const known = contacts.byIdentity(tx.db, channel.id, address);
  if (known) return known;
  const byProfile = contactByEmail(tx.db, spaceId, address);
  if (byProfile) {
    contacts.addIdentity(tx.db, channel.id, address, byProfile.id);
    tx.emit(spaceId, { type: 'contact.identified', contactId: byProfile.id, channelId: channel.id, externalId: address });
    return byProfile;
  }
  const contact = { id: newId(), space_id: spaceId, name: (name || address).slice(0, MESSAGE_LIMITS.visitorNameMax), created_at: tx.now };
  contacts.insert(tx.db, contact);
  contacts.addIdentity(tx.db, channel.id, address, contact.id);
  setContactEmailIfEmpty(tx.db, contact.id, address);
  contactDocEdits.add(tx.db, spaceId, contact.id, { kind: 'setEmail', email: address });
  if (name) contactDocEdits.add(tx.db, spaceId, contact.id, { kind: 'setName', name: contact.name });
  tx.emit(spaceId, { type: 'contactDoc.editsQueued', contactId: contact.id });
  search.reindexContact(tx.db, spaceId, contact.id);
  tx.emit(spaceId, { type: 'contact.identified', contactId: contact.id, channelId: channel.id, externalId: address });
  return contact;
}

/**
 * A mail arrived (from the mailbox or Kaon's SMTP receiver). Stored once per Message-ID in the
 * space. A bounce marks the reply it refers to as failed; auto-replies and bulk mail join an
 * open conversation they belong to but never open one and never run workflows. Otherwise the
 * mail continues its thread's conversation if that is open, else the contact's open
 * conversation, else a new one opens (one open conversation per contact).
 */
export function receiveEmail(deps: CommandDeps, input: { channel: ChannelRow & { config: string }; mail: ParsedMail; fileIds: readonly string[]; notes: readonly string[] }): ReceiveEmailResult {
  const { channel, mail } = input;
  const spaceId = channel.space_id;
  return transact(deps, (tx): ReceiveEmailResult => {
    const known = emailMessages.byRfcId(tx.db, spaceId, mail.messageId);
    const seen = known.find((m) => m.direction === 'in');
    if (seen) return { outcome: 'duplicate', messageId: seen.message_id };
    // Kaon's own reply (a copy to the support address, a Cc): already in its conversation.
    if (known.length) return { outcome: 'ignored', why: 'a copy of a reply Kaon sent' };
    // Mail from the channel's own address would answer itself: the start of a mail loop.
    const own = (JSON.parse(channel.config) as { address?: string }).address?.toLowerCase();
    if (own && mail.from?.address === own) return { outcome: 'ignored', why: 'mail from the channel’s own address' };

    if (mail.kind === 'bounce') {
      const original = mail.bounce?.originalMessageId ? emailMessages.byRfcId(tx.db, spaceId, mail.bounce.originalMessageId).find((m) => m.direction === 'out') : undefined;
      const message = original ? messageWithContact(tx.db, spaceId, original.message_id) : undefined;
      if (!message || !advancesStatus(message.status, 'failed')) return { outcome: 'bounce', failedMessageId: null };
      setMessageStatus(tx, spaceId, message, 'failed', `The mail bounced: ${mail.bounce?.reason ?? 'the receiving server returned it'}`);
      return { outcome: 'bounce', failedMessageId: message.id };
    }
    if (!mail.from) return { outcome: 'ignored', why: 'the mail has no sender address' };

    const thread = threadOf(tx, spaceId, mail);
    const automatic = mail.kind !== 'mail';
    // An automatic mail never creates a contact: it only joins a conversation that is already there.
    const contact = automatic
      ? (contacts.byIdentity(tx.db, channel.id, mail.from.address) ?? contactByEmail(tx.db, spaceId, mail.from.address))
      : contactOf(tx, channel, mail.from.address, mail.from.name);
    const key = clientKey('in', `${channel.id}/${mail.from.address}`, mail.messageId);
    const existing = messages.byClientId(tx.db, spaceId, key);
    if (existing) return { outcome: 'duplicate', messageId: existing.id };

    const open = contact ? conversations.openForContact(tx.db, contact.id) : undefined;
    let conv: ConversationRow | null = thread && stateOf(thread).status === 'open' ? thread : open ?? null;
    let opened = false;
    if (!conv || !contact) {
      if (automatic || !contact) return { outcome: 'ignored', why: mail.kind === 'auto' ? 'an automatic reply (it opens no conversation)' : 'bulk or list mail (it opens no conversation)' };
      const plan = planInbound(null);
      conv = openConversation(tx, { spaceId, contactId: contact.id, channelId: channel.id, openedBy: null });
      opened = plan.open;
    }
    checkFiles(tx, spaceId, input.fileIds, { contactKey: mail.from.address });
    // The customer writing brings a snoozed conversation back (an auto-reply does not).
    const woke = !opened && !automatic && wakeConversation(tx, conv, { by: 'customer' });
    let body = [mail.text, ...input.notes].filter((s) => s.trim()).join('\n\n');
    if (!body && !input.fileIds.length) body = mail.quoted ? '(no new text: see the quoted mail)' : mail.html ? '(HTML only)' : '(empty mail)';
    const at = mail.date !== undefined ? Math.min(mail.date, tx.now) : undefined;
    const message = appendMessage(tx, conv, {
      direction: 'in',
      authorId: null,
      body: body.slice(0, MESSAGE_LIMITS.bodyMax),
      clientKey: key,
      fileIds: input.fileIds,
      ...(at !== undefined ? { at } : {}),
    });
    emailMessages.insert(tx.db, {
      message_id: message.id,
      space_id: spaceId,
      channel_id: channel.id,
      conversation_id: conv.id,
      direction: 'in',
      rfc_id: mail.messageId,
      subject: mail.subject,
      from_addr: mail.from.address,
      to_addrs: JSON.stringify(mail.to),
      cc_addrs: JSON.stringify(mail.cc),
      refs: JSON.stringify(mail.references),
      html: mail.html,
      quoted: mail.quoted,
      auth_results: mail.authResults ? JSON.stringify(mail.authResults) : null,
      created_at: message.created_at,
    });
    if (!automatic) {
      if (opened) runTrigger(tx, deps.presence, { spaceId, conversationId: conv.id, trigger: 'conversation.opened', messageText: body });
      if (woke) runTrigger(tx, deps.presence, { spaceId, conversationId: conv.id, trigger: 'conversation.unsnoozed', messageText: body });
      runTrigger(tx, deps.presence, { spaceId, conversationId: conv.id, trigger: 'message.received', messageText: body });
    }
    return { outcome: 'stored', messageId: message.id, conversationId: conv.id, contactId: conv.contact_id, opened };
  });
}
