import { bump, planReply } from '../../shared/domain/conversation';
import { contacts } from '../db/contacts';
import { clientKey, conversations, messages, stateOf } from '../db/conversations';
import { newId } from '../db/ids';
import { errors } from '../errors';
import { addActivity, checkFiles, insertMessage, memberName } from './conversationParts';
import { enqueueSend, planProviderReply, type TemplateChoice } from './outboundParts';
import type { CommandDeps } from './types';

/**
 * An agent replies to a contact. Unassigned → assigned to the replier; no open conversation →
 * one opens, assigned to the replier. The same client id twice stores (and delivers) one message.
 * On WhatsApp and Telegram the reply starts 'pending' with an outbox row in the same transaction
 * (the outbox worker sends it); `template` sends a WhatsApp template instead of free-form text.
 */
export function sendMessage(
  deps: CommandDeps,
  input: { spaceId: string; userId: string; contactId: string; body: string; clientId: string; fileIds: readonly string[]; template?: TemplateChoice | undefined },
) {
  const result = deps.db.transaction(() => {
    const now = deps.now();
    const key = clientKey('out', input.userId, input.clientId);
    const existing = messages.byClientId(deps.db, input.spaceId, key);
    if (existing) return { duplicate: true, messageId: existing.id, conversationId: existing.conversation_id, status: existing.status };
    const contact = contacts.inSpace(deps.db, input.spaceId, input.contactId);
    if (!contact) throw errors.notFound('This contact');
    checkFiles(deps.db, input.spaceId, input.fileIds, { userId: input.userId });
    const open = conversations.openForContact(deps.db, contact.id);
    const last = open ?? conversations.forContact(deps.db, contact.id).at(-1);
    if (!last) throw errors.notFound('A channel to reach this contact');
    if (input.template && input.fileIds.length) throw errors.badRequest('A template is sent without attachments.');
    const provider = planProviderReply(deps.db, { ...input, channelId: last.channel_id, now });
    const plan = planReply(open ? stateOf(open) : null, input.userId);
    let conversationId: string;
    if (plan.open) {
      conversationId = newId();
      conversations.insert(deps.db, { id: conversationId, space_id: input.spaceId, contact_id: contact.id, channel_id: last.channel_id, assignee_id: input.userId, opened_at: now });
      addActivity(deps.db, input.spaceId, conversationId, `${memberName(deps.db, input.userId)} opened this conversation by replying`, now);
    } else {
      conversationId = open!.id;
      if (plan.assignTo) {
        conversations.setState(deps.db, conversationId, bump(stateOf(open!), plan.assignTo));
        addActivity(deps.db, input.spaceId, conversationId, `${memberName(deps.db, input.userId)} took this conversation by replying`, now);
      }
    }
    // Website chat delivers by storing: the visitor's page reads it from here. Provider channels
    // go through the outbox and start at 'pending'.
    const message = insertMessage(
      deps.db,
      {
        space_id: input.spaceId,
        conversation_id: conversationId,
        direction: 'out',
        author_id: input.userId,
        body: provider?.body ?? input.body,
        client_id: key,
        status: provider ? 'pending' : 'sent',
        created_at: now,
      },
      input.fileIds,
    );
    if (provider) enqueueSend(deps.db, input.spaceId, message.id, provider, now);
    return { duplicate: false, messageId: message.id, conversationId, status: message.status };
  })();
  if (!result.duplicate) deps.events.publish(input.spaceId, { type: 'conversation.changed', conversationId: result.conversationId, contactId: input.contactId });
  return result;
}
