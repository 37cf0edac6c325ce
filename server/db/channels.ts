import type { Db } from './connection';

export interface ChannelRow {
  id: string;
  space_id: string;
  kind: string;
  name: string;
  public_key: string | null;
  enabled: number;
  created_at: number;
  /** 1: after a close, the customer is asked to rate the conversation (website chat). */
  ask_rating?: number;
}

export const channels = {
  setAskRating: (db: Db, id: string, on: boolean) => db.prepare('UPDATE channels SET ask_rating = ? WHERE id = ?').run(on ? 1 : 0, id),
  insert: (db: Db, row: Omit<ChannelRow, 'enabled'>) =>
    db.prepare('INSERT INTO channels (id, space_id, kind, name, public_key, created_at) VALUES (@id, @space_id, @kind, @name, @public_key, @created_at)').run(row),
  byPublicKey: (db: Db, key: string) => db.prepare('SELECT * FROM channels WHERE public_key = ?').get(key) as ChannelRow | undefined,
  inSpace: (db: Db, spaceId: string, id: string) => db.prepare('SELECT * FROM channels WHERE space_id = ? AND id = ?').get(spaceId, id) as ChannelRow | undefined,
  list: (db: Db, spaceId: string) => db.prepare('SELECT * FROM channels WHERE space_id = ? AND deleted_at IS NULL ORDER BY created_at').all(spaceId) as ChannelRow[],
};
