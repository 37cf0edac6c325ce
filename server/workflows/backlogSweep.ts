import { transact } from '../conversations/transaction';
import { conversations, messages } from '../db/conversations';
import { runTrigger, type WorkflowDeps } from './run';

/**
 * When a member comes online, conversations that no online member could take are offered again,
 * in arrival order: only the assignment actions of 'conversation.opened' workflows run.
 */
export function sweepBacklog(deps: WorkflowDeps, spaceId: string): number {
  const waiting = conversations
    .openInSpace(deps.db, spaceId)
    // A conversation a member unassigned by hand stays unassigned: a person's decision beats a workflow's.
    .filter((c) => c.assignee_id === null && c.unassigned_by === null)
    .sort((a, b) => a.opened_at - b.opened_at || a.id.localeCompare(b.id));
  let assigned = 0;
  for (const c of waiting) {
    const changed = transact(deps, (tx) => {
      // The message that opened it, so text conditions decide as they did on arrival.
      const first = messages.forConversation(tx.db, c.id).find((m) => m.direction === 'in');
      runTrigger(tx, deps.presence, { spaceId, conversationId: c.id, trigger: 'conversation.opened', messageText: first?.body ?? null, only: ['assign'] });
      return conversations.inSpace(tx.db, spaceId, c.id)?.assignee_id !== null;
    });
    if (changed) assigned++;
  }
  return assigned;
}
