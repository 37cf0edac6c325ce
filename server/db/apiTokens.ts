import type { Db } from './connection';

export interface ApiTokenRow {
  id: string;
  space_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export const apiTokens = {
  insert: (db: Db, row: Omit<ApiTokenRow, 'last_used_at' | 'revoked_at'>) =>
    db
      .prepare('INSERT INTO api_tokens (id, space_id, user_id, name, token_hash, created_at) VALUES (@id, @space_id, @user_id, @name, @token_hash, @created_at)')
      .run(row),
  byHash: (db: Db, hash: string) => db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(hash) as ApiTokenRow | undefined,
  inSpace: (db: Db, spaceId: string, id: string) =>
    db.prepare('SELECT * FROM api_tokens WHERE space_id = ? AND id = ?').get(spaceId, id) as ApiTokenRow | undefined,
  list: (db: Db, spaceId: string) =>
    db
      .prepare(
        `SELECT t.id, t.name, t.created_at, t.last_used_at, u.name AS created_by FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.space_id = ? AND t.revoked_at IS NULL ORDER BY t.created_at DESC`,
      )
      .all(spaceId) as Array<{ id: string; name: string; created_at: number; last_used_at: number | null; created_by: string }>,
  touch: (db: Db, id: string, now: number) => db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, id),
  revoke: (db: Db, id: string, now: number) => db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id),
};
