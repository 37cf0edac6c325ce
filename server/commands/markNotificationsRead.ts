import { notifications } from '../db/notifications';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * Marks some of a member's notifications read (opened from the bell). Ids that are not this
 * member's in this space are NOT_FOUND, and then nothing is marked.
 */
export function markNotificationsRead(deps: CommandDeps, input: { spaceId: string; userId: string; ids: string[] }): { marked: number } {
  const { db } = deps;
  const ids = [...new Set(input.ids)];
  const marked = db.transaction(() => {
    if (notifications.ownedIds(db, input.spaceId, input.userId, ids).length !== ids.length) throw errors.notFound('This notification');
    return notifications.markRead(db, input.spaceId, input.userId, ids, deps.now());
  })();
  if (marked) deps.events.publish(input.spaceId, { type: 'notifications.changed', userId: input.userId });
  return { marked };
}
