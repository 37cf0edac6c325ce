import { markConversationRead } from '../conversations/core';
import { transact } from '../conversations/transaction';
import { conversations } from '../db/conversations';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** An agent opened the conversation: its unread count goes back to zero for the queue. */
export function markRead(deps: CommandDeps, spaceId: string, conversationId: string) {
  transact(deps, (tx) => {
    const conv = conversations.inSpace(tx.db, spaceId, conversationId);
    if (!conv) throw errors.notFound('This conversation');
    markConversationRead(tx, conv);
  });
}
