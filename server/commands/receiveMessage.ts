import { planInbound } from '../../shared/domain/conversation';
import { appendMessage, checkFiles, openConversation, wakeConversation } from '../conversations/core';
import { transact } from '../conversations/transaction';
import type { ChannelRow } from '../db/channels';
import { contactDocEdits, contacts } from '../db/contacts';
import { clientKey, conversations, messages, stateOf } from '../db/conversations';
import { search } from '../db/search';
import { newId } from '../db/ids';
import { runTrigger } from '../workflows/run';
import type { CommandDeps } from './commandDeps';

export interface Inbound {
  channel: ChannelRow;
  /** The customer's identity on the channel (hashed visitor cookie, wa_id, Telegram chat id). */
  externalId: string;
  /** The customer's name when the channel tells it; a new contact without one is named after the channel. */
  name?: string | undefined;
  body: string;
  fileIds: readonly string[];
  /** Dedupe key: the visitor's client id, or the provider's message id. */
  clientId: string;
  /** When the customer wrote it, as the provider dated it (ms); never later than now. */
  sentAt?: number | undefined;
}

/**
 * A customer writes. The first message creates the contact; with no open conversation a new one
 * opens, unassigned. The same client id twice stores one message. Workflows run in the same
 * transaction, so a new conversation is assigned as it appears.
 */
export function receiveMessage(deps: CommandDeps, input: Inbound) {
  const spaceId = input.channel.space_id;
  return transact(deps, (tx) => {
    const key = clientKey('in', `${input.channel.id}/${input.externalId}`, input.clientId);
    const existing = messages.byClientId(tx.db, spaceId, key);
    if (existing) {
      const conv = conversations.inSpace(tx.db, spaceId, existing.conversation_id)!;
      return { duplicate: true, messageId: existing.id, conversationId: conv.id, contactId: conv.contact_id, opened: false };
    }
    let contact = contacts.byIdentity(tx.db, input.channel.id, input.externalId);
    if (!contact) {
      contact = { id: newId(), space_id: spaceId, name: input.name || `Visitor ${input.externalId.slice(0, 4).toUpperCase()}`, created_at: tx.now };
      contacts.insert(tx.db, contact);
      contacts.addIdentity(tx.db, input.channel.id, input.externalId, contact.id);
      search.reindexContact(tx.db, spaceId, contact.id);
      tx.emit(spaceId, { type: 'contact.identified', contactId: contact.id, channelId: input.channel.id, externalId: input.externalId });
    } else if (input.name && input.name !== contact.name && contact.name.startsWith('Visitor ')) {
      contacts.rename(tx.db, contact.id, input.name);
      search.reindexContact(tx.db, spaceId, contact.id);
      // The contact doc (if already seeded) learns the name after the commit, or its next edit would undo it.
      contactDocEdits.add(tx.db, spaceId, contact.id, { kind: 'setName', name: input.name });
      tx.emit(spaceId, { type: 'contactDoc.editsQueued', contactId: contact.id });
    }
    checkFiles(tx, spaceId, input.fileIds, { contactKey: input.externalId });
    const open = conversations.openForContact(tx.db, contact.id);
    const plan = planInbound(open ? stateOf(open) : null);
    const conv = plan.open || !open ? openConversation(tx, { spaceId, contactId: contact.id, channelId: input.channel.id, openedBy: null }) : open;
    const at = input.sentAt !== undefined ? Math.min(input.sentAt, tx.now) : undefined;
    // The customer writing brings a snoozed conversation back into the queue.
    const woke = !plan.open && wakeConversation(tx, conv, { by: 'customer' });
    const message = appendMessage(tx, conv, { direction: 'in', authorId: null, body: input.body, clientKey: key, fileIds: input.fileIds, ...(at !== undefined ? { at } : {}) });
    if (plan.open) runTrigger(tx, deps.presence, { spaceId, conversationId: conv.id, trigger: 'conversation.opened', messageText: input.body });
    if (woke) runTrigger(tx, deps.presence, { spaceId, conversationId: conv.id, trigger: 'conversation.unsnoozed', messageText: input.body });
    runTrigger(tx, deps.presence, { spaceId, conversationId: conv.id, trigger: 'message.received', messageText: input.body });
    return { duplicate: false, messageId: message.id, conversationId: conv.id, contactId: contact.id, opened: plan.open };
  });
}
