import type { Db } from './connection';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export const users = {
  count: (db: Db): number => (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n,
  byId: (db: Db, id: string) => db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined,
  byEmail: (db: Db, email: string) => db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined,
  /** A member's name for activity lines and lists; someone whose account is gone still reads sensibly. */
  nameOf: (db: Db, id: string | null): string | null => (id ? ((db.prepare('SELECT name FROM users WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? 'A former member') : null),
  insert: (db: Db, row: UserRow) =>
    db.prepare('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (@id, @email, @name, @password_hash, @created_at)').run(row),
};
