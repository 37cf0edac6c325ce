import type { Role } from '../../shared/domain/permissions';
import type { Db } from './connection';

export interface InviteRow {
  id: string;
  space_id: string;
  token_hash: string;
  role: Role;
  email: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
}

export const invites = {
  insert: (db: Db, row: Omit<InviteRow, 'used_at' | 'used_by' | 'revoked_at'>) =>
    db
      .prepare(
        `INSERT INTO invites (id, space_id, token_hash, role, email, created_by, created_at, expires_at)
         VALUES (@id, @space_id, @token_hash, @role, @email, @created_by, @created_at, @expires_at)`,
      )
      .run(row),
  byHash: (db: Db, hash: string) => db.prepare('SELECT * FROM invites WHERE token_hash = ?').get(hash) as InviteRow | undefined,
  inSpace: (db: Db, spaceId: string, id: string) =>
    db.prepare('SELECT * FROM invites WHERE space_id = ? AND id = ?').get(spaceId, id) as InviteRow | undefined,
  pending: (db: Db, spaceId: string, now: number) =>
    db
      .prepare('SELECT * FROM invites WHERE space_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC')
      .all(spaceId, now) as InviteRow[],
  /** Marks the invite used only if nobody used it first: returns false on a lost race. */
  markUsed: (db: Db, id: string, userId: string, now: number) =>
    db.prepare('UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL').run(now, userId, id).changes === 1,
  revoke: (db: Db, id: string, now: number) => db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id),
};
