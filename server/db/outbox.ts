import type { Db } from './connection';

export interface OutboxRow {
  seq: number;
  message_id: string;
  space_id: string;
  channel_id: string;
  recipient: string;
  /** JSON of the OutboundMessage (server/channels/adapterTypes.ts). */
  payload: string;
  state: 'queued' | 'sent' | 'failed';
  /** Parts already accepted by the provider (a reply with files is sent as several messages). */
  parts_done: number;
  attempts: number;
  /** Wall-clock ms; 0 = at once. */
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

export const outbox = {
  insert: (db: Db, row: Pick<OutboxRow, 'message_id' | 'space_id' | 'channel_id' | 'recipient' | 'payload' | 'created_at'>) =>
    db
      .prepare(
        `INSERT INTO outbox (message_id, space_id, channel_id, recipient, payload, created_at)
         VALUES (@message_id, @space_id, @channel_id, @recipient, @payload, @created_at)`,
      )
      .run(row),
  /**
   * Queued rows due now, oldest first, at most one per recipient: a later reply waits for the
   * earlier one so the customer reads them in order.
   */
  due: (db: Db, wallNow: number, limit: number) =>
    db
      .prepare(
        `SELECT o.* FROM outbox o WHERE o.state = 'queued' AND o.next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'queued' AND p.channel_id = o.channel_id AND p.recipient = o.recipient AND p.seq < o.seq)
         ORDER BY o.seq LIMIT ?`,
      )
      .all(wallNow, limit) as OutboxRow[],
  /** The next retry time after `wallNow` (rows due now are picked by `due`). */
  nextAttemptAfter: (db: Db, wallNow: number) =>
    (db.prepare("SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'queued' AND next_attempt_at > ?").get(wallNow) as { at: number | null }).at,
  /** Queued rows of a channel become due at once (it was enabled again). */
  wakeChannel: (db: Db, channelId: string) => db.prepare("UPDATE outbox SET next_attempt_at = 0 WHERE channel_id = ? AND state = 'queued'").run(channelId),
  bySeq: (db: Db, seq: number) => db.prepare('SELECT * FROM outbox WHERE seq = ?').get(seq) as OutboxRow | undefined,
  byMessage: (db: Db, messageId: string) => db.prepare('SELECT * FROM outbox WHERE message_id = ?').get(messageId) as OutboxRow | undefined,
  progress: (db: Db, seq: number, partsDone: number) => db.prepare('UPDATE outbox SET parts_done = ? WHERE seq = ?').run(partsDone, seq),
  reschedule: (db: Db, seq: number, attempts: number, nextAt: number, error: string) =>
    db.prepare('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE seq = ?').run(attempts, nextAt, error, seq),
  finish: (db: Db, seq: number, state: 'sent' | 'failed', error: string | null) =>
    db.prepare('UPDATE outbox SET state = ?, last_error = ? WHERE seq = ?').run(state, error, seq),
  /** Queued again for an agent's retry: from the first part unless `partsDone` says otherwise. */
  requeue: (db: Db, seq: number, partsDone: number) =>
    db.prepare("UPDATE outbox SET state = 'queued', parts_done = ?, attempts = 0, next_attempt_at = 0, last_error = NULL WHERE seq = ?").run(partsDone, seq),
  /** Message ids still queued on a channel (it is being deleted: nothing will send them). */
  queuedOfChannel: (db: Db, channelId: string) =>
    (db.prepare("SELECT message_id FROM outbox WHERE channel_id = ? AND state = 'queued'").all(channelId) as Array<{ message_id: string }>).map((r) => r.message_id),
  failQueuedOfChannel: (db: Db, channelId: string, error: string) =>
    db.prepare("UPDATE outbox SET state = 'failed', last_error = ? WHERE channel_id = ? AND state = 'queued'").run(error, channelId),
  queuedCount: (db: Db, channelId: string) =>
    (db.prepare("SELECT count(*) AS n FROM outbox WHERE channel_id = ? AND state = 'queued'").get(channelId) as { n: number }).n,
};

export const providerMessages = {
  insert: (db: Db, channelId: string, externalId: string, messageId: string) =>
    db.prepare('INSERT OR IGNORE INTO provider_messages (channel_id, external_id, message_id) VALUES (?, ?, ?)').run(channelId, externalId, messageId),
  messageOf: (db: Db, channelId: string, externalId: string) =>
    (db.prepare('SELECT message_id FROM provider_messages WHERE channel_id = ? AND external_id = ?').get(channelId, externalId) as { message_id: string } | undefined)
      ?.message_id,
};

/** How long a status for an id Kaon has not (yet) sent is kept: ids of other senders on the number are never claimed. */
const HELD_STATUS_MS = 86_400_000;

export const webhookEvents = {
  /** A delivery status that arrived before the send's answer: kept until the id is known. */
  holdStatus: (db: Db, channelId: string, externalId: string, status: { status: string; error: string | null }, at: number) => {
    db.prepare("DELETE FROM webhook_events WHERE channel_id = ? AND event_key LIKE 'early:%' AND received_at < ?").run(channelId, at - HELD_STATUS_MS);
    db.prepare('INSERT OR REPLACE INTO webhook_events (channel_id, event_key, received_at, payload) VALUES (?, ?, ?, ?)').run(
      channelId,
      `early:${externalId}:${status.status}`,
      at,
      JSON.stringify(status),
    );
  },
  /** The held statuses of a provider id, removed. */
  takeHeldStatuses: (db: Db, channelId: string, externalId: string) => {
    const prefix = `early:${externalId}:`;
    const rows = db
      .prepare('SELECT event_key, payload FROM webhook_events WHERE channel_id = ? AND substr(event_key, 1, ?) = ?')
      .all(channelId, prefix.length, prefix) as Array<{ event_key: string; payload: string }>;
    for (const r of rows) db.prepare('DELETE FROM webhook_events WHERE channel_id = ? AND event_key = ?').run(channelId, r.event_key);
    return rows.map((r) => JSON.parse(r.payload) as { status: string; error: string | null });
  },
  seen: (db: Db, channelId: string, key: string) => db.prepare('SELECT 1 FROM webhook_events WHERE channel_id = ? AND event_key = ?').get(channelId, key) !== undefined,
  insert: (db: Db, channelId: string, key: string, at: number) =>
    db.prepare('INSERT OR IGNORE INTO webhook_events (channel_id, event_key, received_at) VALUES (?, ?, ?)').run(channelId, key, at),
};

/** A message with what commands about delivery need (conversations.ts has no lookup by id). */
export function messageWithContact(db: Db, spaceId: string, messageId: string) {
  return db
    .prepare(
      `SELECT m.id, m.direction, m.status, m.conversation_id, c.contact_id, c.channel_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.space_id = ? AND m.id = ?`,
    )
    .get(spaceId, messageId) as
    | { id: string; direction: 'in' | 'out'; status: string; conversation_id: string; contact_id: string; channel_id: string }
    | undefined;
}
