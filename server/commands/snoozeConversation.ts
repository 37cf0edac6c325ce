import { snoozeRefusal, snoozeUntilText } from '../../shared/domain/snooze';
import { snoozeConversation as snooze, wakeConversation } from '../conversations/core';
import { transact } from '../conversations/transaction';
import { conversations, stateOf } from '../db/conversations';
import { businessHours } from '../db/workflows';
import { errors } from '../errors';
import { runTrigger } from '../workflows/run';
import type { CommandDeps } from './commandDeps';

/**
 * A member snoozes an open conversation until a time, or (`until` null) until the customer
 * writes; it leaves the queue and comes back then (server/workflows/timers.ts) or when the
 * customer writes (receiveMessage). The time is said in the space's business-hours time zone.
 */
export function snoozeConversation(deps: CommandDeps, input: { spaceId: string; userId: string; conversationId: string; version: number; until: number | null }) {
  return transact(deps, (tx) => {
    const conv = conversations.inSpace(tx.db, input.spaceId, input.conversationId);
    if (!conv) throw errors.notFound('This conversation');
    const refused = snoozeRefusal(input.until, tx.now);
    if (refused) throw errors.badRequest(refused);
    const timeZone = businessHours.get(tx.db, input.spaceId)?.timeZone ?? 'UTC';
    const next = snooze(tx, conv, input.version, input.until, { kind: 'member', userId: input.userId }, snoozeUntilText(input.until, timeZone));
    return { ...stateOf(next), snoozedUntil: next.snoozed_until };
  });
}

/** A member brings a snoozed conversation back into the queue now. */
export function unsnoozeConversation(deps: CommandDeps, input: { spaceId: string; userId: string; conversationId: string; version: number }) {
  return transact(deps, (tx) => {
    const conv = conversations.inSpace(tx.db, input.spaceId, input.conversationId);
    if (!conv) throw errors.notFound('This conversation');
    const current = stateOf(conv);
    if (current.version !== input.version) throw errors.conflict('Someone else changed this conversation first. It now shows the latest state.', current);
    if (wakeConversation(tx, conv, { by: 'member', actor: { kind: 'member', userId: input.userId } })) {
      runTrigger(tx, deps.presence, { spaceId: input.spaceId, conversationId: conv.id, trigger: 'conversation.unsnoozed', messageText: null });
    }
    return stateOf(conversations.inSpace(tx.db, input.spaceId, conv.id)!);
  });
}
