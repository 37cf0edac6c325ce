import type { ChannelRow } from './channels';
import type { Db } from './connection';

/** A channel row with the columns of the channels migration (server/db/migrations/006_channels.ts). */
export interface ProviderChannelRow extends ChannelRow {
  /** JSON of the kind's non-secret settings. */
  config: string;
  /** JSON of the kind's secrets: read only by adapters, never returned to a client. */
  secrets: string;
  last_webhook_at: number | null;
  last_send_at: number | null;
  last_send_error: string | null;
  last_send_error_at: number | null;
  deleted_at: number | null;
}

const LIVE = 'deleted_at IS NULL';

export const providerChannels = {
  insert: (db: Db, row: { id: string; space_id: string; kind: string; name: string; config: string; secrets: string; created_at: number }) =>
    db
      .prepare('INSERT INTO channels (id, space_id, kind, name, config, secrets, created_at) VALUES (@id, @space_id, @kind, @name, @config, @secrets, @created_at)')
      .run(row),
  /** For webhooks, which name only the channel id. */
  byId: (db: Db, id: string) => db.prepare(`SELECT * FROM channels WHERE id = ? AND ${LIVE}`).get(id) as ProviderChannelRow | undefined,
  inSpace: (db: Db, spaceId: string, id: string) =>
    db.prepare(`SELECT * FROM channels WHERE space_id = ? AND id = ? AND ${LIVE}`).get(spaceId, id) as ProviderChannelRow | undefined,
  /** Including deleted ones: a conversation keeps its channel. */
  anyInSpace: (db: Db, spaceId: string, id: string) =>
    db.prepare('SELECT * FROM channels WHERE space_id = ? AND id = ?').get(spaceId, id) as ProviderChannelRow | undefined,
  /** Live e-mail channels whose forwarding key is `key` (lower-case): one probe of channels_email_key (migration 23). */
  emailByKey: (db: Db, key: string) =>
    db.prepare(`SELECT * FROM channels WHERE email_key = ? AND ${LIVE} ORDER BY created_at`).all(key) as ProviderChannelRow[],
  /** Whether another live e-mail channel uses this forwarding key (lower-case). */
  emailKeyTaken: (db: Db, key: string, exceptId = '') =>
    db.prepare(`SELECT 1 FROM channels WHERE email_key = ? AND ${LIVE} AND id != ? LIMIT 1`).get(key, exceptId) !== undefined,
  /** Every space's live channels of these kinds, with the space's name (the customer simulator only). */
  listAllSpaces: (db: Db, kinds: readonly string[]) =>
    db
      .prepare(
        `SELECT c.*, s.name AS space_name FROM channels c JOIN spaces s ON s.id = c.space_id WHERE c.${LIVE} AND c.kind IN (${kinds.map(() => '?').join(',')}) ORDER BY c.created_at`,
      )
      .all(...kinds) as Array<ProviderChannelRow & { space_name: string }>,
  list: (db: Db, spaceId: string, kinds: readonly string[]) =>
    db
      .prepare(`SELECT * FROM channels WHERE space_id = ? AND ${LIVE} AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY created_at`)
      .all(spaceId, ...kinds) as ProviderChannelRow[],
  update: (db: Db, id: string, fields: { name: string; config: string; secrets: string }) =>
    db.prepare('UPDATE channels SET name = @name, config = @config, secrets = @secrets WHERE id = @id').run({ id, ...fields }),
  setEnabled: (db: Db, id: string, enabled: boolean) => db.prepare('UPDATE channels SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id),
  /** Secrets are wiped: a deleted channel can neither send nor verify a webhook. */
  markDeleted: (db: Db, id: string, at: number) =>
    db.prepare("UPDATE channels SET deleted_at = ?, enabled = 0, secrets = '{}' WHERE id = ?").run(at, id),
  touchWebhook: (db: Db, id: string, at: number) => db.prepare('UPDATE channels SET last_webhook_at = ? WHERE id = ?').run(at, id),
  recordSendOk: (db: Db, id: string, at: number) => db.prepare('UPDATE channels SET last_send_at = ? WHERE id = ?').run(at, id),
  recordSendError: (db: Db, id: string, at: number, error: string) =>
    db.prepare('UPDATE channels SET last_send_error = ?, last_send_error_at = ? WHERE id = ?').run(error, at, id),
  /** The contact's address on the channel (wa_id, Telegram chat id). */
  identityOf: (db: Db, channelId: string, contactId: string) =>
    (db.prepare('SELECT external_id FROM contact_identities WHERE channel_id = ? AND contact_id = ?').get(channelId, contactId) as { external_id: string } | undefined)
      ?.external_id,
  /** When the contact last wrote on this channel (the WhatsApp window starts there). */
  lastInboundAt: (db: Db, channelId: string, contactId: string) =>
    (
      db
        .prepare(
          `SELECT max(m.created_at) AS at FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE c.contact_id = ? AND c.channel_id = ? AND m.direction = 'in'`,
        )
        .get(contactId, channelId) as { at: number | null }
    ).at,
};

/** A file row nothing refers to (inbound media of a webhook that turned out to be a duplicate). */
export function dropUnattachedFile(db: Db, fileId: string): void {
  db.prepare('DELETE FROM files WHERE id = ? AND NOT EXISTS (SELECT 1 FROM message_files WHERE file_id = ?)').run(fileId, fileId);
}
