import type { FileRef } from '../../shared/sync/shapes';
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
  /** The files a snippet attaches, in order. */
  files: (db: Db, snippetId: string) =>
    db
      .prepare('SELECT f.id, f.name, f.mime, f.size FROM snippet_files sf JOIN files f ON f.id = sf.file_id WHERE sf.snippet_id = ? ORDER BY sf.position')
      .all(snippetId) as FileRef[],
  /** Every snippet's files in a space in one query (the list). */
  filesInSpace: (db: Db, spaceId: string) => {
    const rows = db
      .prepare(
        `SELECT sf.snippet_id, f.id, f.name, f.mime, f.size FROM snippet_files sf JOIN files f ON f.id = sf.file_id
         JOIN snippets s ON s.id = sf.snippet_id WHERE s.space_id = ? ORDER BY sf.snippet_id, sf.position`,
      )
      .all(spaceId) as Array<FileRef & { snippet_id: string }>;
    const bySnippet = new Map<string, FileRef[]>();
    for (const { snippet_id, ...file } of rows) bySnippet.set(snippet_id, [...(bySnippet.get(snippet_id) ?? []), file]);
    return bySnippet;
  },
  setFiles: (db: Db, snippetId: string, fileIds: readonly string[]) => {
    db.prepare('DELETE FROM snippet_files WHERE snippet_id = ?').run(snippetId);
    const insert = db.prepare('INSERT INTO snippet_files (snippet_id, file_id, position) VALUES (?, ?, ?)');
    fileIds.forEach((fileId, position) => insert.run(snippetId, fileId, position));
  },
};
