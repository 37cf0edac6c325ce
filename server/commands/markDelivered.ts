import { conversations, messages } from '../db/conversations';
import type { CommandDeps } from './types';

/**
 * The visitor's chat page has fetched the agents' replies: 'sent' becomes 'delivered' (✓✓) for
 * the agents, live. Website chat only; provider channels get this from status webhooks.
 */
export function markDelivered(deps: CommandDeps, spaceId: string, contactId: string) {
  const changed = deps.db.transaction(() => {
    const touched: string[] = [];
    for (const c of conversations.forContact(deps.db, contactId)) {
      if (messages.markDelivered(deps.db, c.id) > 0) touched.push(c.id);
    }
    return touched;
  })();
  for (const conversationId of changed) deps.events.publish(spaceId, { type: 'conversation.changed', conversationId, contactId });
}
