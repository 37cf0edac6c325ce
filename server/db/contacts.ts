import type { Db } from './connection';

export interface ContactRow {
  id: string;
  space_id: string;
  name: string;
  created_at: number;
}

export const contacts = {
  insert: (db: Db, row: ContactRow) => db.prepare('INSERT INTO contacts (id, space_id, name, created_at) VALUES (@id, @space_id, @name, @created_at)').run(row),
  inSpace: (db: Db, spaceId: string, id: string) => db.prepare('SELECT * FROM contacts WHERE space_id = ? AND id = ?').get(spaceId, id) as ContactRow | undefined,
  rename: (db: Db, id: string, name: string) => db.prepare('UPDATE contacts SET name = ? WHERE id = ?').run(name, id),
  byIdentity: (db: Db, channelId: string, externalId: string) =>
    db
      .prepare('SELECT c.* FROM contact_identities i JOIN contacts c ON c.id = i.contact_id WHERE i.channel_id = ? AND i.external_id = ?')
      .get(channelId, externalId) as ContactRow | undefined,
  addIdentity: (db: Db, channelId: string, externalId: string, contactId: string) =>
    db.prepare('INSERT INTO contact_identities (channel_id, external_id, contact_id) VALUES (?, ?, ?)').run(channelId, externalId, contactId),
};
