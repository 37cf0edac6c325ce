import type { Db } from './connection';

/** Where reading a mailbox stands (migration 016) and its health. */
export interface MailboxRow {
  channel_id: string;
  uid_validity: string | null;
  last_uid: number;
  connected_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
}

export interface EmailMessageRow {
  message_id: string;
  space_id: string;
  channel_id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  rfc_id: string;
  subject: string;
  from_addr: string;
  to_addrs: string;
  cc_addrs: string;
  refs: string;
  html: string | null;
  quoted: string;
  auth_results: string | null;
  created_at: number;
}

export const mailboxes = {
  get: (db: Db, channelId: string) => db.prepare('SELECT * FROM email_mailboxes WHERE channel_id = ?').get(channelId) as MailboxRow | undefined,
  /** A new UIDVALIDITY (first start, or the folder was rebuilt): reading starts over; Message-IDs keep it to one copy per mail. */
  reset: (db: Db, channelId: string, uidValidity: string) =>
    db
      .prepare(
        `INSERT INTO email_mailboxes (channel_id, uid_validity, last_uid) VALUES (?, ?, 0)
         ON CONFLICT (channel_id) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = 0`,
      )
      .run(channelId, uidValidity),
  advance: (db: Db, channelId: string, uid: number) => db.prepare('UPDATE email_mailboxes SET last_uid = max(last_uid, ?) WHERE channel_id = ?').run(uid, channelId),
  connected: (db: Db, channelId: string, at: number) =>
    db
      .prepare(
        `INSERT INTO email_mailboxes (channel_id, connected_at) VALUES (?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET connected_at = excluded.connected_at, last_error = NULL, last_error_at = NULL`,
      )
      .run(channelId, at),
  error: (db: Db, channelId: string, error: string, at: number) =>
    db
      .prepare(
        `INSERT INTO email_mailboxes (channel_id, last_error, last_error_at) VALUES (?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
      )
      .run(channelId, error, at),
};

export const emailMessages = {
  insert: (db: Db, row: EmailMessageRow) =>
    db
      .prepare(
        `INSERT INTO email_messages (message_id, space_id, channel_id, conversation_id, direction, rfc_id, subject, from_addr, to_addrs, cc_addrs, refs, html, quoted, auth_results, created_at)
         VALUES (@message_id, @space_id, @channel_id, @conversation_id, @direction, @rfc_id, @subject, @from_addr, @to_addrs, @cc_addrs, @refs, @html, @quoted, @auth_results, @created_at)`,
      )
      .run(row),
  /** The mails with this Message-ID in the space (one index probe). */
  byRfcId: (db: Db, spaceId: string, rfcId: string) =>
    db.prepare('SELECT * FROM email_messages WHERE space_id = ? AND rfc_id = ? ORDER BY created_at').all(spaceId, rfcId) as EmailMessageRow[],
  byMessage: (db: Db, messageId: string) => db.prepare('SELECT * FROM email_messages WHERE message_id = ?').get(messageId) as EmailMessageRow | undefined,
  /** The conversation's newest mail: the one a reply answers. */
  lastOf: (db: Db, conversationId: string) =>
    db.prepare('SELECT * FROM email_messages WHERE conversation_id = ? ORDER BY created_at DESC LIMIT 1').get(conversationId) as EmailMessageRow | undefined,
  /** The conversation's newest mail from the customer. */
  lastInOf: (db: Db, conversationId: string) =>
    db.prepare("SELECT * FROM email_messages WHERE conversation_id = ? AND direction = 'in' ORDER BY created_at DESC LIMIT 1").get(conversationId) as EmailMessageRow | undefined,
};

export const emailThreads = {
  tokenOf: (db: Db, conversationId: string) =>
    (db.prepare('SELECT token FROM email_threads WHERE conversation_id = ?').get(conversationId) as { token: string } | undefined)?.token,
  conversationOf: (db: Db, spaceId: string, token: string) =>
    (db.prepare('SELECT conversation_id FROM email_threads WHERE token = ? AND space_id = ?').get(token, spaceId) as { conversation_id: string } | undefined)?.conversation_id,
  insert: (db: Db, spaceId: string, conversationId: string, token: string) =>
    db.prepare('INSERT OR IGNORE INTO email_threads (conversation_id, space_id, token) VALUES (?, ?, ?)').run(conversationId, spaceId, token),
};

/** A contact whose profile has this e-mail address, case-insensitively (the oldest if several). */
export function contactByEmail(db: Db, spaceId: string, address: string) {
  return db
    .prepare("SELECT id, space_id, name, created_at FROM contacts WHERE space_id = ? AND email = ? COLLATE NOCASE AND email != '' ORDER BY created_at LIMIT 1")
    .get(spaceId, address) as { id: string; space_id: string; name: string; created_at: number } | undefined;
}

/** A new e-mail contact's address in its projected profile at once (the contact doc learns it after the commit). */
export function setContactEmailIfEmpty(db: Db, contactId: string, address: string): void {
  db.prepare("UPDATE contacts SET email = ? WHERE id = ? AND email = ''").run(address, contactId);
}
