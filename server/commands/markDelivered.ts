import { markRepliesDelivered } from '../conversations/core';
import { transact } from '../conversations/transaction';
import { conversations } from '../db/conversations';
import type { CommandDeps } from './commandDeps';

/**
 * The visitor's chat page has shown the agents' replies: 'sent' becomes 'delivered' (✓✓) for
 * the agents, live. Website chat only; provider channels get this from status webhooks.
 */
export function markDelivered(deps: CommandDeps, spaceId: string, contactId: string) {
  transact(deps, (tx) => {
    for (const c of conversations.forContact(tx.db, contactId)) if (c.space_id === spaceId) markRepliesDelivered(tx, c);
  });
}
