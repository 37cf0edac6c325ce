import type { Db } from './connection';

export interface TemplateRow {
  id: string;
  space_id: string;
  channel_id: string;
  name: string;
  language: string;
  body: string;
  /** JSON array of labels for {{1}}, {{2}}… ("Customer name"), shown in the template picker. */
  variable_labels: string;
  created_at: number;
  updated_at: number;
}

export const channelTemplates = {
  insert: (db: Db, row: TemplateRow) =>
    db
      .prepare(
        `INSERT INTO channel_templates (id, space_id, channel_id, name, language, body, variable_labels, created_at, updated_at)
         VALUES (@id, @space_id, @channel_id, @name, @language, @body, @variable_labels, @created_at, @updated_at)`,
      )
      .run(row),
  update: (db: Db, id: string, fields: Pick<TemplateRow, 'name' | 'language' | 'body' | 'variable_labels' | 'updated_at'>) =>
    db
      .prepare('UPDATE channel_templates SET name = @name, language = @language, body = @body, variable_labels = @variable_labels, updated_at = @updated_at WHERE id = @id')
      .run({ id, ...fields }),
  inSpace: (db: Db, spaceId: string, id: string) => db.prepare('SELECT * FROM channel_templates WHERE space_id = ? AND id = ?').get(spaceId, id) as TemplateRow | undefined,
  byName: (db: Db, channelId: string, name: string, language: string) =>
    db.prepare('SELECT * FROM channel_templates WHERE channel_id = ? AND name = ? AND language = ?').get(channelId, name, language) as TemplateRow | undefined,
  forChannel: (db: Db, channelId: string) =>
    db.prepare('SELECT * FROM channel_templates WHERE channel_id = ? ORDER BY name, language').all(channelId) as TemplateRow[],
  remove: (db: Db, id: string) => db.prepare('DELETE FROM channel_templates WHERE id = ?').run(id),
  removeForChannel: (db: Db, channelId: string) => db.prepare('DELETE FROM channel_templates WHERE channel_id = ?').run(channelId),
};
