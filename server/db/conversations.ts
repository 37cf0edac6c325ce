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
        `INSERT INTO conversations (id, space_id, contact_id, channel_id, status, assignee_id, version, opened_at, last_message_at)
         VALUES (@id, @space_id, @contact_id, @channel_id, 'open', @assignee_id, 1, @opened_at, @opened_at)`,
      )
      .run(row),
  inSpace: (db: Db, spaceId: string, id: string) =>
    db.prepare('SELECT * FROM conversations WHERE space_id = ? AND id = ?').get(spaceId, id) as ConversationRow | undefined,
  openForContact: (db: Db, contactId: string) =>
    db.prepare("SELECT * FROM conversations WHERE contact_id = ? AND status = 'open'").get(contactId) as ConversationRow | undefined,
  forContact: (db: Db, contactId: string) =>
    db.prepare('SELECT * FROM conversations WHERE contact_id = ? ORDER BY opened_at').all(contactId) as ConversationRow[],
  setState: (db: Db, id: string, state: ConversationState) =>
    db.prepare('UPDATE conversations SET status = ?, assignee_id = ?, version = ? WHERE id = ?').run(state.status, state.assigneeId, state.version, id),
  setClosed: (db: Db, id: string, by: string | null, at: number, category: string | null, summary: string | null) =>
    db.prepare('UPDATE conversations SET closed_at = ?, closed_by = ?, closing_category = ?, closing_summary = ?, unread = 0 WHERE id = ?').run(at, by, category, summary, id),
  touch: (db: Db, id: string, at: number, preview: string, inbound: boolean) =>
    db
      .prepare(`UPDATE conversations SET last_message_at = max(last_message_at, ?), last_preview = ?, unread = CASE WHEN ? THEN unread + 1 ELSE 0 END WHERE id = ?`)
      .run(at, preview, inbound ? 1 : 0, id),
  markRead: (db: Db, id: string) => db.prepare('UPDATE conversations SET unread = 0 WHERE id = ?').run(id),
  openInSpace: (db: Db, spaceId: string) =>
    db.prepare("SELECT * FROM conversations WHERE space_id = ? AND status = 'open' ORDER BY last_message_at DESC").all(spaceId) as ConversationRow[],
  /** Newest closed first, paged by the (closed_at, id) of the last row seen, so equal times are never skipped. */
  closedInSpace: (db: Db, spaceId: string, limit: number, before: number, beforeId: string) =>
    db
      .prepare(
        `SELECT * FROM conversations WHERE space_id = ? AND status = 'closed' AND (closed_at < ? OR (closed_at = ? AND id < ?))
         ORDER BY closed_at DESC, id DESC LIMIT ?`,
      )
      .all(spaceId, before, before, beforeId, limit) as ConversationRow[],
  closedCount: (db: Db, spaceId: string) =>
    (db.prepare("SELECT count(*) AS n FROM conversations WHERE space_id = ? AND status = 'closed'").get(spaceId) as { n: number }).n,
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
  /** Outgoing 'sent' messages of a conversation become 'delivered'; returns how many changed. */
  markDelivered: (db: Db, conversationId: string) =>
    db.prepare("UPDATE messages SET status = 'delivered' WHERE conversation_id = ? AND direction = 'out' AND status = 'sent'").run(conversationId).changes,
  setStatus: (db: Db, id: string, status: string, error: string | null) => db.prepare('UPDATE messages SET status = ?, error = ? WHERE id = ?').run(status, error, id),
};

export const activities = {
  insert: (db: Db, row: { id: string; space_id: string; conversation_id: string; text: string; created_at: number }) =>
    db.prepare('INSERT INTO activities (id, space_id, conversation_id, text, created_at) VALUES (@id, @space_id, @conversation_id, @text, @created_at)').run(row),
  forConversation: (db: Db, conversationId: string) =>
    db.prepare('SELECT id, text, created_at FROM activities WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId) as Array<{
      id: string;
      text: string;
      created_at: number;
    }>,
};

export const search = {
  index: (db: Db, row: { text: string; space_id: string; kind: 'message' | 'contact'; ref_id: string; conversation_id: string | null }) =>
    db.prepare('INSERT INTO search_fts (text, space_id, kind, ref_id, conversation_id) VALUES (@text, @space_id, @kind, @ref_id, @conversation_id)').run(row),
  /** Indexes a contact's name, phone, e-mail, company and tags (as SQLite has them now). */
  reindexContact: (db: Db, spaceId: string, contactId: string) => {
    const row = db.prepare('SELECT name, phone, email, company, tags FROM contacts WHERE space_id = ? AND id = ?').get(spaceId, contactId) as
      | { name: string; phone: string; email: string; company: string; tags: string }
      | undefined;
    db.prepare("DELETE FROM search_fts WHERE kind = 'contact' AND ref_id = ?").run(contactId);
    if (!row) return;
    let tags: string[] = [];
    try {
      tags = JSON.parse(row.tags) as string[];
    } catch {
      // a malformed column indexes no tags
    }
    const text = [row.name, row.phone, row.email, row.company, ...tags].filter(Boolean).join(' ');
    db.prepare("INSERT INTO search_fts (text, space_id, kind, ref_id, conversation_id) VALUES (?, ?, 'contact', ?, NULL)").run(text, spaceId, contactId);
  },
  query: (db: Db, spaceId: string, match: string, limit: number) =>
    db
      .prepare(
        `SELECT kind, ref_id, conversation_id, snippet(search_fts, 0, '[', ']', '…', 12) AS snippet FROM search_fts
         WHERE search_fts MATCH ? AND space_id = ? ORDER BY rank LIMIT ?`,
      )
      .all(match, spaceId, limit) as Array<{ kind: 'message' | 'contact'; ref_id: string; conversation_id: string | null; snippet: string }>,
};

/** A contact's conversations, oldest first, with their closing notes. */
export function contactHistory(db: Db, contactId: string) {
  return conversations.forContact(db, contactId).map((c) => ({
    id: c.id,
    status: c.status,
    openedAt: c.opened_at,
    lastMessageAt: c.last_message_at,
    closedAt: c.closed_at,
    closedByName: users.nameOf(db, c.closed_by),
    closingCategory: c.closing_category,
    closingSummary: c.closing_summary,
  }));
}
