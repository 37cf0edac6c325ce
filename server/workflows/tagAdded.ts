import { slaRemeasure } from '../conversations/sla';
import { transact } from '../conversations/transaction';
import { conversations } from '../db/conversations';
import { runTrigger, type WorkflowDeps } from './run';

/**
 * A member added tags to a contact (its doc): runs the 'contact.tagAdded' workflows, once per
 * tag, on the contact's open conversation (workflows act on a conversation; without an open one
 * there is nothing for them to do). The conversation's SLA is measured again first: a policy may
 * have the tag as its condition.
 */
export function runTagAdded(deps: WorkflowDeps, spaceId: string, contactId: string, tags: string[]): void {
  const open = conversations.openForContact(deps.db, contactId);
  if (!open || open.space_id !== spaceId) return;
  transact(deps, (tx) => {
    // A tag can bring the conversation under another SLA policy (one with that tag as its condition).
    slaRemeasure(tx, spaceId, [open]);
    for (const tag of tags) runTrigger(tx, deps.presence, { spaceId, conversationId: open.id, trigger: 'contact.tagAdded', messageText: null, addedTag: tag });
  });
}
