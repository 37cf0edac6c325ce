import type { Role } from '../../shared/domain/permissions';
import type { MemberStatus } from '../../shared/schemas/authSchema';
import type { Db } from './connection';

export interface SpaceRow {
  id: string;
  name: string;
  created_at: number;
}

export interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: Role;
  status: MemberStatus;
  created_at: number;
}

export const spaces = {
  insert: (db: Db, row: SpaceRow) => db.prepare('INSERT INTO spaces (id, name, created_at) VALUES (@id, @name, @created_at)').run(row),
  byId: (db: Db, id: string) => db.prepare('SELECT * FROM spaces WHERE id = ?').get(id) as SpaceRow | undefined,
  rename: (db: Db, id: string, name: string) => db.prepare('UPDATE spaces SET name = ? WHERE id = ?').run(name, id),
  forUser: (db: Db, userId: string) =>
    db
      .prepare('SELECT s.id, s.name, m.role, m.status FROM spaces s JOIN memberships m ON m.space_id = s.id WHERE m.user_id = ? ORDER BY m.created_at, s.name')
      .all(userId) as Array<{ id: string; name: string; role: Role; status: MemberStatus }>,
};

export const memberships = {
  insert: (db: Db, spaceId: string, userId: string, role: Role, now: number) =>
    db.prepare('INSERT INTO memberships (space_id, user_id, role, created_at) VALUES (?, ?, ?, ?)').run(spaceId, userId, role, now),
  roleOf: (db: Db, spaceId: string, userId: string) =>
    (db.prepare('SELECT role FROM memberships WHERE space_id = ? AND user_id = ?').get(spaceId, userId) as { role: Role } | undefined)?.role,
  list: (db: Db, spaceId: string) =>
    db
      .prepare(
        `SELECT m.user_id, u.name, u.email, m.role, m.status, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.space_id = ? ORDER BY u.name COLLATE NOCASE`,
      )
      .all(spaceId) as MemberRow[],
  ownerCount: (db: Db, spaceId: string) =>
    (db.prepare("SELECT count(*) AS n FROM memberships WHERE space_id = ? AND role = 'owner'").get(spaceId) as { n: number }).n,
  setRole: (db: Db, spaceId: string, userId: string, role: Role) =>
    db.prepare('UPDATE memberships SET role = ? WHERE space_id = ? AND user_id = ?').run(role, spaceId, userId),
  statusOf: (db: Db, spaceId: string, userId: string) =>
    (db.prepare('SELECT status FROM memberships WHERE space_id = ? AND user_id = ?').get(spaceId, userId) as { status: MemberStatus } | undefined)?.status,
  setStatus: (db: Db, spaceId: string, userId: string, status: MemberStatus) =>
    db.prepare('UPDATE memberships SET status = ? WHERE space_id = ? AND user_id = ?').run(status, spaceId, userId),
  remove: (db: Db, spaceId: string, userId: string) => db.prepare('DELETE FROM memberships WHERE space_id = ? AND user_id = ?').run(spaceId, userId),
};
