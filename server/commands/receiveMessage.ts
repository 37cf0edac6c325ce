import { planInbound } from '../../shared/domain/conversation';
import type { ChannelRow } from '../db/channels';
import { contactDocEdits, contacts } from '../db/contacts';
import { clientKey, conversations, messages, search, stateOf } from '../db/conversations';
import { newId } from '../db/ids';
import { checkFiles, insertMessage } from './conversationParts';
import type { CommandDeps } from './types';
import { assignedBy, runTrigger } from '../workflows/run';

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
}

/**
 * A customer writes. The first message creates the contact; with no open conversation a new one
 * opens, unassigned. The same client id twice stores one message.
 */
export function receiveMessage(deps: CommandDeps, input: Inbound) {
  const spaceId = input.channel.space_id;
  // Members a workflow assigned this to: notified once the transaction has committed.
  const assigned: string[] = [];
  const result = deps.db.transaction(() => {
    const now = deps.now();
    const key = clientKey('in', `${input.channel.id}/${input.externalId}`, input.clientId);
    const existing = messages.byClientId(deps.db, spaceId, key);
    if (existing) {
      const conv = conversations.inSpace(deps.db, spaceId, existing.conversation_id)!;
      return { duplicate: true, messageId: existing.id, conversationId: conv.id, contactId: conv.contact_id };
    }
    let contact = contacts.byIdentity(deps.db, input.channel.id, input.externalId);
    if (!contact) {
      contact = { id: newId(), space_id: spaceId, name: input.name || `Visitor ${input.externalId.slice(0, 4).toUpperCase()}`, created_at: now };
      contacts.insert(deps.db, contact);
      contacts.addIdentity(deps.db, input.channel.id, input.externalId, contact.id);
      search.reindexContact(deps.db, spaceId, contact.id);
    } else if (input.name && input.name !== contact.name && contact.name.startsWith('Visitor ')) {
      contacts.rename(deps.db, contact.id, input.name);
      search.reindexContact(deps.db, spaceId, contact.id);
      // The contact doc (if already seeded) learns the name after the commit, or its next edit would undo it.
      contactDocEdits.add(deps.db, spaceId, contact.id, { kind: 'setName', name: input.name });
    }
    checkFiles(deps.db, spaceId, input.fileIds, { contactKey: input.externalId });
    const open = conversations.openForContact(deps.db, contact.id);
    const plan = planInbound(open ? stateOf(open) : null);
    let conversationId = open?.id;
    if (plan.open) {
      conversationId = newId();
      conversations.insert(deps.db, { id: conversationId, space_id: spaceId, contact_id: contact.id, channel_id: input.channel.id, assignee_id: null, opened_at: now });
    }
    const message = insertMessage(
      deps.db,
      {
        space_id: spaceId,
        conversation_id: conversationId!,
        direction: 'in',
        author_id: null,
        body: input.body,
        client_id: key,
        status: 'received',
        created_at: now,
      },
      input.fileIds,
    );
    // Workflows run in the same transaction: a new conversation is assigned as it appears.
    if (deps.presence) {
      const wf = { db: deps.db, now: deps.now, presence: deps.presence };
      if (plan.open) assigned.push(...assignedBy(runTrigger(wf, { spaceId, conversationId: conversationId!, trigger: 'conversation.opened', messageText: input.body })));
      assigned.push(...assignedBy(runTrigger(wf, { spaceId, conversationId: conversationId!, trigger: 'message.received', messageText: input.body })));
    }
    return { duplicate: false, messageId: message.id, conversationId: conversationId!, contactId: contact.id, opened: plan.open };
  })();
  if (!result.duplicate) deps.events.publish(spaceId, { type: 'conversation.changed', conversationId: result.conversationId, contactId: result.contactId });
  for (const userId of new Set(assigned)) deps.events.publish(spaceId, { type: 'notifications.changed', userId });
  return result;
}
