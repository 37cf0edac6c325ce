import { notificationPreview } from '../../shared/domain/messageLimits';
import { plainText, parseMentions } from '../../shared/domain/mentions';
import { CONTACT, type CommentRecord } from '../../shared/sync/contactDoc';
import type { TxDeps } from '../conversations/transaction';
import type { ContactDocListener } from '../contacts/policy';
import type { Db } from '../db/connection';
import { contacts } from '../db/contacts';
import { newId } from '../db/ids';
import { notifications } from '../db/notifications';
import { memberships } from '../db/spaces';
import { users } from '../db/users';

/** The preview of a comment body: mentions read as `@Name`. */
export function commentPreview(db: Db, body: string): string {
  return notificationPreview(plainText(body, (id) => users.nameOf(db, id) ?? 'someone'));
}

/**
 * Mentions in new or edited comments notify the mentioned members: once per comment
 * and member (the table's UNIQUE (user_id, comment_id)), never the writer, never a non-member.
 * Runs after the sync server accepted the update; one SQLite transaction, then publish.
 */
export function createMentionListener(deps: TxDeps): ContactDocListener {
  return ({ ref, userId, changes }) => {
    const list = changes.maps.get(CONTACT.comments);
    if (!list?.length) return;
    const { db } = deps;
    const notified = new Set<string>();
    db.transaction(() => {
      const actorName = users.nameOf(db, userId) ?? 'Someone';
      for (const change of list) {
        const comment = change.after as CommentRecord | undefined;
        if (!comment || comment.deleted) continue;
        const mentioned = parseMentions(comment.body).filter((id) => id !== userId && memberships.roleOf(db, ref.spaceId, id) !== undefined);
        if (!mentioned.length) continue;
        if (!contacts.inSpace(db, ref.spaceId, ref.contactId)) return;
        const preview = commentPreview(db, comment.body);
        for (const memberId of mentioned) {
          const added = notifications.insert(db, {
            id: newId(),
            space_id: ref.spaceId,
            user_id: memberId,
            kind: 'mention',
            actor_id: userId,
            actor_name: actorName,
            contact_id: ref.contactId,
            comment_id: comment.id,
            conversation_id: null,
            preview,
            created_at: deps.now(),
            read_at: null,
          });
          if (added) notified.add(memberId);
        }
      }
    })();
    for (const memberId of notified) deps.events.publish(ref.spaceId, { type: 'notifications.changed', userId: memberId });
  };
}
