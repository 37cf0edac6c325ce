import { conversations } from '../db/conversations';
import { errors } from '../errors';
import type { CommandDeps } from './types';

/** An agent opened the conversation: its unread count goes back to zero for the queue. */
export function markRead(deps: CommandDeps, spaceId: string, conversationId: string) {
  const conv = conversations.inSpace(deps.db, spaceId, conversationId);
  if (!conv) throw errors.notFound('This conversation');
  if (conv.unread === 0) return;
  deps.db.transaction(() => conversations.markRead(deps.db, conversationId))();
  deps.events.publish(spaceId, { type: 'conversation.changed', conversationId, contactId: conv.contact_id });
}
