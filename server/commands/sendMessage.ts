import { planReply } from '../../shared/domain/conversation';
import { appendMessage, checkFiles, openConversation, refusal, transition } from '../conversations/core';
import { planProviderReply, type TemplateChoice } from '../conversations/outbound';
import { transact } from '../conversations/transaction';
import { contacts } from '../db/contacts';
import { clientKey, conversations, messages, stateOf } from '../db/conversations';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * An agent replies to a contact. Unassigned → assigned to the replier; no open conversation →
 * one opens, assigned to the replier. The same client id twice stores (and delivers) one message.
 * On WhatsApp and Telegram the reply starts 'pending' with an outbox row in the same transaction
 * (the outbox worker sends it); `template` sends a WhatsApp template instead of free-form text;
 * `cc` is an e-mail reply's Cc line as the agent left it (refused on other channels).
 */
export function sendMessage(
  deps: CommandDeps,
  input: { spaceId: string; userId: string; contactId: string; body: string; clientId: string; fileIds: readonly string[]; template?: TemplateChoice | undefined; cc?: readonly string[] | undefined },
) {
  return transact(deps, (tx) => {
    const key = clientKey('out', input.userId, input.clientId);
    const existing = messages.byClientId(tx.db, input.spaceId, key);
    if (existing) return { duplicate: true, messageId: existing.id, conversationId: existing.conversation_id, status: existing.status };
    const contact = contacts.inSpace(tx.db, input.spaceId, input.contactId);
    if (!contact) throw errors.notFound('This contact');
    checkFiles(tx, input.spaceId, input.fileIds, { userId: input.userId });
    const open = conversations.openForContact(tx.db, contact.id);
    const last = open ?? conversations.forContact(tx.db, contact.id).at(-1);
    if (!last) throw errors.notFound('A channel to reach this contact');
    if (input.template && input.fileIds.length) throw errors.badRequest('A template is sent without attachments.');
    // Decided before anything is written: what the agent must fix is said with nothing stored.
    const provider = planProviderReply(tx.db, { ...input, channelId: last.channel_id, conversationId: last.id, now: tx.now });
    const replier = { kind: 'member' as const, userId: input.userId };
    const plan = planReply(open ? stateOf(open) : null, input.userId);
    let conv = open;
    if (plan.open || !conv) {
      conv = openConversation(tx, { spaceId: input.spaceId, contactId: contact.id, channelId: last.channel_id, openedBy: replier });
    } else if (plan.assignTo) {
      const decision = transition(tx, conv, conv.version, { kind: 'assign', assigneeId: plan.assignTo, byReplying: true }, replier);
      if (!decision.ok) throw refusal(decision);
      conv = conversations.inSpace(tx.db, input.spaceId, conv.id)!;
    }
    const message = appendMessage(tx, conv, { direction: 'out', authorId: input.userId, body: provider?.body ?? input.body, clientKey: key, fileIds: input.fileIds, provider });
    return { duplicate: false, messageId: message.id, conversationId: conv.id, status: message.status };
  });
}
