import { transact } from '../conversations/transaction';
import { conversations } from '../db/conversations';
import { runTrigger, type WorkflowDeps } from './run';

/**
 * A member added tags to a contact (its doc): runs the 'contact.tagAdded' workflows, once per
 * tag, on the contact's open conversation (workflows act on a conversation; without an open one
 * there is nothing for them to do).
 */
export function runTagAdded(deps: WorkflowDeps, spaceId: string, contactId: string, tags: string[]): void {
  const open = conversations.openForContact(deps.db, contactId);
  if (!open || open.space_id !== spaceId) return;
  transact(deps, (tx) => {
    for (const tag of tags) runTrigger(tx, deps.presence, { spaceId, conversationId: open.id, trigger: 'contact.tagAdded', messageText: null, addedTag: tag });
  });
}
