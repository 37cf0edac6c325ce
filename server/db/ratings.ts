import type { Db } from './connection';

export interface RatingRow {
  conversation_id: string;
  space_id: string;
  contact_id: string;
  channel_id: string;
  score: number;
  comment: string | null;
  created_at: number;
}

export const ratings = {
  insert: (db: Db, row: RatingRow) =>
    db
      .prepare('INSERT INTO ratings (conversation_id, space_id, contact_id, channel_id, score, comment, created_at) VALUES (@conversation_id, @space_id, @contact_id, @channel_id, @score, @comment, @created_at)')
      .run(row),
  of: (db: Db, conversationId: string) => db.prepare('SELECT * FROM ratings WHERE conversation_id = ?').get(conversationId) as RatingRow | undefined,
  forContact: (db: Db, contactId: string) => db.prepare('SELECT * FROM ratings WHERE contact_id = ? ORDER BY created_at').all(contactId) as RatingRow[],
};
