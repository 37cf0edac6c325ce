import type { ConversationState } from '../../shared/domain/conversation';
import type { Db } from './connection';
import { users } from './users';

export interface ConversationRow {
  id: string;
  space_id: string;
  contact_id: string;
  channel_id: string;
  status: 'open' | 'closed';
  assignee_id: string | null;
  version: number;
  opened_at: number;
  closed_at: number | null;
  closed_by: string | null;
  closing_category: string | null;
  closing_summary: string | null;
  last_message_at: number;
  last_preview: string;
  unread: number;
  /** The member who unassigned it by hand, until it is assigned again (the backlog sweep leaves it). */
  unassigned_by: string | null;
  /** 1 while snoozed: open, but out of the queue until `snoozed_until` or (NULL) the customer writes. */
  snoozed: 0 | 1;
  snoozed_until: number | null;
  /** The customer's last message (or the opening): what auto-close measures from. */
  last_inbound_at: number | null;
}

export interface MessageRow {
  id: string;
  space_id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  author_id: string | null;
  body: string;
  client_id: string | null;
  status: string;
  error: string | null;
  created_at: number;
}

/** The stored dedupe key of a message: direction, sender, and the id the sender chose. */
export const clientKey = (direction: 'in' | 'out', sender: string, clientId: string) => `${direction}:${sender}:${clientId}`;

/** The id the sender chose, as the sender knows it (to match its pending copy). */
export const publicClientId = (stored: string | null) => (stored ? stored.replace(/^(in|out):[^:]*:/, '') : null);

export const stateOf = (c: ConversationRow): ConversationState =>
  c.status === 'open' ? { status: 'open', assigneeId: c.assignee_id, version: c.version } : { status: 'closed', assigneeId: null, version: c.version };

export const conversations = {
  insert: (db: Db, row: Pick<ConversationRow, 'id' | 'space_id' | 'contact_id' | 'channel_id' | 'assignee_id' | 'opened_at'>) =>
    db
      .prepare(
        `INSERT INTO conversations (id, space_id, contact_id, channel_id, status, assignee_id, version, opened_at, last_message_at, last_inbound_at)
         VALUES (@id, @space_id, @contact_id, @channel_id, 'open', @assignee_id, 1, @opened_at, @opened_at, @opened_at)`,
      )
      .run(row),
  /** By id alone, for a link that names the conversation (a rating link, checked by its signature). */
  byIdAnySpace: (db: Db, id: string) => db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined,
  inSpace: (db: Db, spaceId: string, id: string) =>
    db.prepare('SELECT * FROM conversations WHERE space_id = ? AND id = ?').get(spaceId, id) as ConversationRow | undefined,
  openForContact: (db: Db, contactId: string) =>
    db.prepare("SELECT * FROM conversations WHERE contact_id = ? AND status = 'open'").get(contactId) as ConversationRow | undefined,
  forContact: (db: Db, contactId: string) =>
    db.prepare('SELECT * FROM conversations WHERE contact_id = ? ORDER BY opened_at').all(contactId) as ConversationRow[],
  /** `unassignedBy`: the member who unassigned it by hand (kept until someone is assigned). */
  setState: (db: Db, id: string, state: ConversationState, unassignedBy: string | null = null) =>
    db
      .prepare('UPDATE conversations SET status = ?, assignee_id = ?, version = ?, unassigned_by = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE id = ?')
      .run(state.status, state.assigneeId, state.version, state.assigneeId, unassignedBy, id),
  /** Records the close (once, as the conversation becomes closed) and counts it in its space's Closed total. */
  setClosed: (db: Db, id: string, by: string | null, at: number, category: string | null, summary: string | null) => {
    db.prepare('UPDATE conversations SET closed_at = ?, closed_by = ?, closing_category = ?, closing_summary = ?, unread = 0, snoozed = 0, snoozed_until = NULL WHERE id = ?').run(at, by, category, summary, id);
    db.prepare('UPDATE spaces SET closed_count = closed_count + 1 WHERE id = (SELECT space_id FROM conversations WHERE id = ?)').run(id);
  },
  touch: (db: Db, id: string, at: number, preview: string, inbound: boolean) =>
    db
      .prepare(
        `UPDATE conversations SET last_message_at = max(last_message_at, @at), last_preview = @preview,
         unread = CASE WHEN @inbound THEN unread + 1 ELSE 0 END,
         last_inbound_at = CASE WHEN @inbound THEN max(coalesce(last_inbound_at, 0), @at) ELSE last_inbound_at END
         WHERE id = @id`,
      )
      .run({ at, preview, inbound: inbound ? 1 : 0, id }),
  markRead: (db: Db, id: string) => db.prepare('UPDATE conversations SET unread = 0 WHERE id = ?').run(id),
  openInSpace: (db: Db, spaceId: string) =>
    db.prepare("SELECT * FROM conversations WHERE space_id = ? AND status = 'open' AND snoozed = 0 ORDER BY last_message_at DESC").all(spaceId) as ConversationRow[],
  /**
   * The newest open conversations of a space (`assignee` undefined), of one member, or unassigned
   * (null), in the queue's order (newest first, ties by id), and how many there are.
   */
  openPage: (db: Db, spaceId: string, assignee: string | null | undefined, limit: number) => {
    const who = assignee === undefined ? '' : assignee === null ? 'AND assignee_id IS NULL' : 'AND assignee_id = @assignee';
    const params = { spaceId, assignee: assignee ?? null, limit };
    return {
      rows: db.prepare(`SELECT * FROM conversations WHERE space_id = @spaceId AND status = 'open' AND snoozed = 0 ${who} ORDER BY last_message_at DESC, id LIMIT @limit`).all(params) as ConversationRow[],
      count: (db.prepare(`SELECT count(*) AS n FROM conversations WHERE space_id = @spaceId AND status = 'open' AND snoozed = 0 ${who}`).get(params) as { n: number }).n,
    };
  },
  /** Newest closed first, paged by the (closed_at, id) of the last row seen, so equal times are never skipped. */
  closedInSpace: (db: Db, spaceId: string, limit: number, before: number, beforeId: string) =>
    db
      .prepare(
        `SELECT * FROM conversations WHERE space_id = ? AND status = 'closed' AND (closed_at, id) < (?, ?)
         ORDER BY closed_at DESC, id DESC LIMIT ?`,
      )
      .all(spaceId, before, beforeId, limit) as ConversationRow[],
  /** Snoozes (until `until`, or until the customer writes when null) or wakes (`snoozed` false) a conversation. */
  setSnooze: (db: Db, id: string, snoozed: boolean, until: number | null) =>
    db.prepare('UPDATE conversations SET snoozed = ?, snoozed_until = ? WHERE id = ?').run(snoozed ? 1 : 0, snoozed ? until : null, id),
  /** Snoozed conversations whose time has come, oldest first. */
  snoozeDue: (db: Db, now: number, limit: number) =>
    db
      .prepare("SELECT * FROM conversations WHERE status = 'open' AND snoozed = 1 AND snoozed_until IS NOT NULL AND snoozed_until <= ? ORDER BY snoozed_until LIMIT ?")
      .all(now, limit) as ConversationRow[],
  /** The Snoozed list: newest message first. */
  snoozedInSpace: (db: Db, spaceId: string, limit: number) =>
    db.prepare("SELECT * FROM conversations WHERE space_id = ? AND status = 'open' AND snoozed = 1 ORDER BY last_message_at DESC LIMIT ?").all(spaceId, limit) as ConversationRow[],
  snoozedCount: (db: Db, spaceId: string) =>
    (db.prepare("SELECT count(*) AS n FROM conversations WHERE space_id = ? AND status = 'open' AND snoozed = 1").get(spaceId) as { n: number }).n,
  /** Open (not snoozed) conversations whose customer last wrote before `before`: auto-close's candidates. */
  idleOpen: (db: Db, spaceId: string, before: number, limit: number) =>
    db
      .prepare("SELECT * FROM conversations WHERE space_id = ? AND status = 'open' AND snoozed = 0 AND last_inbound_at < ? ORDER BY last_inbound_at LIMIT ?")
      .all(spaceId, before, limit) as ConversationRow[],
  /** Kept by setClosed (nothing reopens), so reading it costs one row however many have closed. */
  closedCount: (db: Db, spaceId: string) => (db.prepare('SELECT closed_count AS n FROM spaces WHERE id = ?').get(spaceId) as { n: number } | undefined)?.n ?? 0,
};

export const messages = {
  insert: (db: Db, row: MessageRow) =>
    db
      .prepare(
        `INSERT INTO messages (id, space_id, conversation_id, direction, author_id, body, client_id, status, error, created_at)
         VALUES (@id, @space_id, @conversation_id, @direction, @author_id, @body, @client_id, @status, @error, @created_at)`,
      )
      .run(row),
  /** Client ids are stored per sender (`in:<sender>:<id>`, `out:<user>:<id>`): one sender's retry, never another's message. */
  byClientId: (db: Db, spaceId: string, clientId: string) =>
    db.prepare('SELECT * FROM messages WHERE space_id = ? AND client_id = ?').get(spaceId, clientId) as MessageRow | undefined,
  forConversation: (db: Db, conversationId: string) =>
    db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId) as MessageRow[],
  byId: (db: Db, id: string) => db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined,
  /** Ids and times of the newest `limit` messages before instant `at`, and all of those at `at` itself (thread paging). */
  positionsBefore: (db: Db, conversationId: string, at: number, limit: number) => [
    ...(db.prepare('SELECT id, created_at FROM messages WHERE conversation_id = ? AND created_at = ?').all(conversationId, at) as Array<{ id: string; created_at: number }>),
    ...(db.prepare('SELECT id, created_at FROM messages WHERE conversation_id = ? AND created_at < ? ORDER BY created_at DESC LIMIT ?').all(conversationId, at, limit) as Array<{ id: string; created_at: number }>),
  ],
  /** Outgoing 'sent' messages of a conversation become 'delivered'; returns their ids (read through a partial index of 'sent' replies). */
  markDelivered: (db: Db, conversationId: string) =>
    (db.prepare("UPDATE messages SET status = 'delivered' WHERE conversation_id = ? AND direction = 'out' AND status = 'sent' RETURNING id").all(conversationId) as Array<{ id: string }>).map(
      (r) => r.id,
    ),
  setStatus: (db: Db, id: string, status: string, error: string | null) => db.prepare('UPDATE messages SET status = ?, error = ? WHERE id = ?').run(status, error, id),
};

export const activities = {
  insert: (db: Db, row: { id: string; space_id: string; conversation_id: string; text: string; created_at: number }) =>
    db.prepare('INSERT INTO activities (id, space_id, conversation_id, text, created_at) VALUES (@id, @space_id, @conversation_id, @text, @created_at)').run(row),
  byId: (db: Db, id: string) => db.prepare('SELECT id, text, created_at FROM activities WHERE id = ?').get(id) as { id: string; text: string; created_at: number } | undefined,
  /** As messages.positionsBefore, for activity lines. */
  positionsBefore: (db: Db, conversationId: string, at: number, limit: number) => [
    ...(db.prepare('SELECT id, created_at FROM activities WHERE conversation_id = ? AND created_at = ?').all(conversationId, at) as Array<{ id: string; created_at: number }>),
    ...(db.prepare('SELECT id, created_at FROM activities WHERE conversation_id = ? AND created_at < ? ORDER BY created_at DESC LIMIT ?').all(conversationId, at, limit) as Array<{ id: string; created_at: number }>),
  ],
  forConversation: (db: Db, conversationId: string) =>
    db.prepare('SELECT id, text, created_at FROM activities WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId) as Array<{
      id: string;
      text: string;
      created_at: number;
    }>,
};

/** A contact's conversations, oldest first, with their closing notes. */
export function contactHistory(db: Db, contactId: string) {
  const rated = new Map(
    (db.prepare('SELECT conversation_id, score, comment FROM ratings WHERE contact_id = ?').all(contactId) as Array<{ conversation_id: string; score: number; comment: string | null }>).map((r) => [
      r.conversation_id,
      { score: r.score, comment: r.comment },
    ]),
  );
  return conversations.forContact(db, contactId).map((c) => ({
    id: c.id,
    status: c.status,
    openedAt: c.opened_at,
    lastMessageAt: c.last_message_at,
    closedAt: c.closed_at,
    closedByName: users.nameOf(db, c.closed_by),
    closingCategory: c.closing_category,
    closingSummary: c.closing_summary,
    /** The customer's rating after the close, if they gave one. */
    rating: rated.get(c.id) ?? null,
  }));
}

export type ThreadItemKind = 'message' | 'activity';

/**
 * Thread items committed but not yet written into their conversation's doc (migration 11): added
 * by the conversation core in the command's transaction, removed once the projection wrote them.
 */
export const projectionQueue = {
  add: (db: Db, conversationId: string, itemId: string, kind: ThreadItemKind) =>
    db.prepare('INSERT OR IGNORE INTO conv_projection_pending (conversation_id, item_id, kind) VALUES (?, ?, ?)').run(conversationId, itemId, kind),
  of: (db: Db, conversationId: string) =>
    db.prepare('SELECT item_id, kind FROM conv_projection_pending WHERE conversation_id = ?').all(conversationId) as Array<{ item_id: string; kind: ThreadItemKind }>,
  done: (db: Db, conversationId: string, itemIds: readonly string[]) => {
    const del = db.prepare('DELETE FROM conv_projection_pending WHERE conversation_id = ? AND item_id = ?');
    db.transaction(() => itemIds.forEach((id) => del.run(conversationId, id)))();
  },
  /** Conversations with items left unprojected (by a crash between commit and projection). */
  waiting: (db: Db) =>
    db.prepare('SELECT DISTINCT p.conversation_id, c.space_id FROM conv_projection_pending p JOIN conversations c ON c.id = p.conversation_id').all() as Array<{
      conversation_id: string;
      space_id: string;
    }>,
};
