import { notifications } from '../db/notifications';
import type { CommandDeps } from './commandDeps';

/** "Mark all read" in the bell: every unread notification of this member in this space. */
export function markAllNotificationsRead(deps: CommandDeps, input: { spaceId: string; userId: string }): { marked: number } {
  const marked = deps.db.transaction(() => notifications.markAllRead(deps.db, input.spaceId, input.userId, deps.now()))();
  if (marked) deps.events.publish(input.spaceId, { type: 'notifications.changed', userId: input.userId });
  return { marked };
}
