import { conversations } from '../db/conversations';
import type { CommandDeps } from '../commands/types';
import { assignedBy, runTrigger } from './run';

/**
 * A member added tags to a contact (its doc): runs the 'contact.tagAdded' workflows, once per
 * tag, on the contact's open conversation (workflows act on a conversation; without an open one
 * there is nothing for them to do). Publishes after the commit so the effects are projected.
 */
export function runTagAdded(deps: CommandDeps, spaceId: string, contactId: string, tags: string[]): void {
  if (!deps.presence) return;
  const presence = deps.presence;
  const open = conversations.openForContact(deps.db, contactId);
  if (!open || open.space_id !== spaceId) return;
  const notified = deps.db.transaction(() =>
    tags.flatMap((tag) => assignedBy(runTrigger({ db: deps.db, now: deps.now, presence }, { spaceId, conversationId: open.id, trigger: 'contact.tagAdded', messageText: null, addedTag: tag }))),
  )();
  deps.events.publish(spaceId, { type: 'conversation.changed', conversationId: open.id, contactId });
  for (const userId of new Set(notified)) deps.events.publish(spaceId, { type: 'notifications.changed', userId });
}
