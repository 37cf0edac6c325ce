import type { Db } from './connection';

export interface NotificationRow {
  id: string;
  space_id: string;
  user_id: string;
  kind: 'mention' | 'assigned' | 'sla';
  actor_id: string | null;
  actor_name: string;
  contact_id: string;
  comment_id: string | null;
  conversation_id: string | null;
  preview: string;
  created_at: number;
  read_at: number | null;
}

/** How many notifications a member's inbox doc keeps (the newest). */
export const INBOX_KEEP = 200;

export const notifications = {
  /** Inserts unless this member was already notified of this comment; true when a row was added. */
  insert: (db: Db, row: NotificationRow): boolean =>
    db
      .prepare(
        `INSERT OR IGNORE INTO notifications (id, space_id, user_id, kind, actor_id, actor_name, contact_id, comment_id, conversation_id, preview, created_at, read_at)
         VALUES (@id, @space_id, @user_id, @kind, @actor_id, @actor_name, @contact_id, @comment_id, @conversation_id, @preview, @created_at, @read_at)`,
      )
      .run(row).changes > 0,
  /** The newest notifications of a member in a space, newest first. */
  newest: (db: Db, spaceId: string, userId: string, limit = INBOX_KEEP) =>
    db
      .prepare('SELECT * FROM notifications WHERE space_id = ? AND user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(spaceId, userId, limit) as NotificationRow[],
  /** Which of `ids` are this member's notifications in this space. */
  ownedIds: (db: Db, spaceId: string, userId: string, ids: string[]): string[] => {
    const stmt = db.prepare('SELECT id FROM notifications WHERE id = ? AND space_id = ? AND user_id = ?');
    return ids.filter((id) => stmt.get(id, spaceId, userId) !== undefined);
  },
  markRead: (db: Db, spaceId: string, userId: string, ids: string[], now: number): number => {
    const stmt = db.prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND space_id = ? AND user_id = ? AND read_at IS NULL');
    return ids.reduce((n, id) => n + stmt.run(now, id, spaceId, userId).changes, 0);
  },
  markAllRead: (db: Db, spaceId: string, userId: string, now: number): number =>
    db.prepare('UPDATE notifications SET read_at = ? WHERE space_id = ? AND user_id = ? AND read_at IS NULL').run(now, spaceId, userId).changes,
};
