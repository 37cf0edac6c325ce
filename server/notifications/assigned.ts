import type { Db } from '../db/connection';
import type { ConversationRow } from '../db/conversations';
import { newId } from '../db/ids';
import { notifications } from '../db/notifications';
import { previewOf } from './mentions';

/**
 * Records, inside the caller's transaction, that `userId` was given a conversation by someone else
 * (a member or a workflow). The caller publishes `notifications.changed` after the commit.
 */
export function notifyAssigned(db: Db, input: { spaceId: string; userId: string; actorId: string | null; actorName: string; conv: ConversationRow; now: number }): void {
  notifications.insert(db, {
    id: newId(),
    space_id: input.spaceId,
    user_id: input.userId,
    kind: 'assigned',
    actor_id: input.actorId,
    actor_name: input.actorName,
    contact_id: input.conv.contact_id,
    comment_id: null,
    conversation_id: input.conv.id,
    preview: previewOf(input.conv.last_preview),
    created_at: input.now,
    read_at: null,
  });
}
