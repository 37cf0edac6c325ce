import { docNames } from '../../shared/sync/docNames';
import { INBOX, type NotificationItem } from '../../shared/sync/inbox';
import type { Db } from '../db/connection';
import { contacts } from '../db/contacts';
import { INBOX_KEEP, notifications, type NotificationRow } from '../db/notifications';
import type { DocWriter } from './conversationDocs';

function item(db: Db, row: NotificationRow, names: Map<string, string>): NotificationItem {
  if (!names.has(row.contact_id)) names.set(row.contact_id, contacts.inSpace(db, row.space_id, row.contact_id)?.name ?? 'Unknown contact');
  return {
    id: row.id,
    kind: row.kind,
    at: row.created_at,
    read: row.read_at !== null,
    actorName: row.actor_name,
    contactId: row.contact_id,
    contactName: names.get(row.contact_id)!,
    commentId: row.comment_id,
    conversationId: row.conversation_id,
    preview: row.preview,
  };
}

/**
 * Projects a member's newest notifications from SQLite into their read-only inbox doc (items map,
 * id → NotificationItem), dropping older ones. Runs after the commit; idempotent.
 */
export function projectInbox(db: Db, writer: DocWriter, spaceId: string, userId: string): void {
  const rows = notifications.newest(db, spaceId, userId, INBOX_KEEP);
  const names = new Map<string, string>();
  const next = new Map(rows.map((row) => [row.id, item(db, row, names)]));
  writer.write(docNames.inbox(spaceId, userId), (doc) => {
    const items = doc.getMap<NotificationItem>(INBOX.items);
    for (const key of [...items.keys()]) if (!next.has(key)) items.delete(key);
    for (const [id, value] of next) {
      const before = items.get(id);
      if (before === undefined || JSON.stringify(before) !== JSON.stringify(value)) items.set(id, value);
    }
  });
}
