import { conversations, messages } from '../db/conversations';
import type { EventBus } from '../events';
import { assignedBy, runTrigger, type WorkflowDeps } from './run';

/**
 * When a member comes online, conversations that no online member could take are offered again,
 * in arrival order: only the assignment actions of 'conversation.opened' workflows run.
 */
export function sweepBacklog(deps: WorkflowDeps & { events: EventBus }, spaceId: string): number {
  const waiting = conversations
    .openInSpace(deps.db, spaceId)
    .filter((c) => c.assignee_id === null)
    .sort((a, b) => a.opened_at - b.opened_at || a.id.localeCompare(b.id));
  let assigned = 0;
  for (const c of waiting) {
    const { changed, notified } = deps.db.transaction(() => {
      // The message that opened it, so text conditions decide as they did on arrival.
      const first = messages.forConversation(deps.db, c.id).find((m) => m.direction === 'in');
      const runs = runTrigger(deps, { spaceId, conversationId: c.id, trigger: 'conversation.opened', messageText: first?.body ?? null, only: ['assign'] });
      return { changed: conversations.inSpace(deps.db, spaceId, c.id)?.assignee_id !== null, notified: assignedBy(runs) };
    })();
    if (changed) {
      assigned++;
      deps.events.publish(spaceId, { type: 'conversation.changed', conversationId: c.id, contactId: c.contact_id });
      for (const userId of new Set(notified)) deps.events.publish(spaceId, { type: 'notifications.changed', userId });
    }
  }
  return assigned;
}
