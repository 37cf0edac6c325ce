import type { Db } from './connection';

export interface FileRow {
  id: string;
  space_id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  uploaded_by_user: string | null;
  uploaded_by_contact: string | null;
  created_at: number;
}

export const files = {
  insert: (db: Db, row: FileRow) =>
    db
      .prepare(
        `INSERT INTO files (id, space_id, sha256, size, mime, name, uploaded_by_user, uploaded_by_contact, created_at)
         VALUES (@id, @space_id, @sha256, @size, @mime, @name, @uploaded_by_user, @uploaded_by_contact, @created_at)`,
      )
      .run(row),
  byId: (db: Db, id: string) => db.prepare('SELECT * FROM files WHERE id = ?').get(id) as FileRow | undefined,
  inSpace: (db: Db, spaceId: string, id: string) => db.prepare('SELECT * FROM files WHERE space_id = ? AND id = ?').get(spaceId, id) as FileRow | undefined,
  attach: (db: Db, messageId: string, fileId: string, position: number) =>
    db.prepare('INSERT INTO message_files (message_id, file_id, position) VALUES (?, ?, ?)').run(messageId, fileId, position),
  forMessage: (db: Db, messageId: string) =>
    db
      .prepare('SELECT f.id, f.name, f.mime, f.size FROM message_files mf JOIN files f ON f.id = mf.file_id WHERE mf.message_id = ? ORDER BY mf.position')
      .all(messageId) as Array<{ id: string; name: string; mime: string; size: number }>,
  /** Every file of a conversation's messages in one query (projections). */
  forConversation: (db: Db, conversationId: string) =>
    db
      .prepare(
        `SELECT mf.message_id, f.id, f.name, f.mime, f.size FROM message_files mf JOIN files f ON f.id = mf.file_id
         JOIN messages m ON m.id = mf.message_id WHERE m.conversation_id = ? ORDER BY mf.position`,
      )
      .all(conversationId) as Array<{ message_id: string; id: string; name: string; mime: string; size: number }>,
  /** Conversations (contact ids) whose messages carry this file: the visitor of one of them may download it. */
  contactsUsing: (db: Db, fileId: string) =>
    (
      db
        .prepare('SELECT DISTINCT c.contact_id FROM message_files mf JOIN messages m ON m.id = mf.message_id JOIN conversations c ON c.id = m.conversation_id WHERE mf.file_id = ?')
        .all(fileId) as Array<{ contact_id: string }>
    ).map((r) => r.contact_id),
};
