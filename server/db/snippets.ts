import type { Db } from './connection';

export interface SnippetRow {
  id: string;
  space_id: string;
  name: string;
  shortcut: string;
  body: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export const snippets = {
  list: (db: Db, spaceId: string) => db.prepare('SELECT * FROM snippets WHERE space_id = ? ORDER BY shortcut').all(spaceId) as SnippetRow[],
  inSpace: (db: Db, spaceId: string, id: string) => db.prepare('SELECT * FROM snippets WHERE space_id = ? AND id = ?').get(spaceId, id) as SnippetRow | undefined,
  byShortcut: (db: Db, spaceId: string, shortcut: string) =>
    db.prepare('SELECT * FROM snippets WHERE space_id = ? AND shortcut = ?').get(spaceId, shortcut) as SnippetRow | undefined,
  insert: (db: Db, row: SnippetRow) =>
    db
      .prepare(
        `INSERT INTO snippets (id, space_id, name, shortcut, body, created_by, created_at, updated_at)
         VALUES (@id, @space_id, @name, @shortcut, @body, @created_by, @created_at, @updated_at)`,
      )
      .run(row),
  update: (db: Db, id: string, fields: { name: string; shortcut: string; body: string }, now: number) =>
    db.prepare('UPDATE snippets SET name = @name, shortcut = @shortcut, body = @body, updated_at = @now WHERE id = @id').run({ ...fields, id, now }),
  delete: (db: Db, id: string) => db.prepare('DELETE FROM snippets WHERE id = ?').run(id),
};
