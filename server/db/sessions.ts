import type { Db } from './connection';

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export const sessions = {
  insert: (db: Db, row: SessionRow) =>
    db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (@token_hash, @user_id, @created_at, @expires_at)').run(row),
  byHash: (db: Db, hash: string) => db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(hash) as SessionRow | undefined,
  delete: (db: Db, hash: string) => db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash),
  deleteExpired: (db: Db, now: number) => db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now),
};
