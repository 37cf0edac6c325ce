/**
 * Work per message that does not grow with history: thread items waiting to be projected (the
 * projection writes only those), the Closed count and each contact's last activity kept as
 * columns, indexes that match the lists' ORDER BY, and a search index that deletes by rowid and
 * filters by space inside FTS5.
 */
export const sql = `
-- Messages and activity lines committed but not yet written into their conversation's doc. The
-- conversation core adds them in the command's transaction; the projection writes exactly these
-- and deletes them, so a crash in between loses nothing (they are projected at the next start).
CREATE TABLE conv_projection_pending (
  conversation_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('message','activity')),
  PRIMARY KEY (conversation_id, item_id)
) WITHOUT ROWID;

-- The page marks a website chat's replies delivered: found without reading the whole thread.
CREATE INDEX messages_sent_replies ON messages(conversation_id) WHERE direction = 'out' AND status = 'sent';

-- Closing is the only way into 'closed' and nothing reopens, so the core counts it as it closes.
ALTER TABLE spaces ADD COLUMN closed_count INTEGER NOT NULL DEFAULT 0;
UPDATE spaces SET closed_count = (SELECT count(*) FROM conversations c WHERE c.space_id = spaces.id AND c.status = 'closed');
CREATE INDEX conversations_closed ON conversations(space_id, closed_at DESC, id DESC) WHERE status = 'closed';

-- "Recent activity": the newest message of any of the contact's conversations, or its creation.
ALTER TABLE contacts ADD COLUMN last_activity_at INTEGER NOT NULL DEFAULT 0;
UPDATE contacts SET last_activity_at = COALESCE((SELECT max(v.last_message_at) FROM conversations v WHERE v.contact_id = contacts.id), created_at);
CREATE INDEX contacts_space_activity ON contacts(space_id, last_activity_at DESC, id DESC);

-- Search: rowid = the message's rowid (newest first is rowid order), or minus the contact's rowid,
-- so re-indexing a contact deletes one row by rowid instead of scanning the table. space_id is an
-- indexed column now, so MATCH narrows to the space inside the index.
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(text, space_id, kind UNINDEXED, ref_id UNINDEXED, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO search_fts (rowid, text, space_id, kind, ref_id, conversation_id)
  SELECT rowid, body, space_id, 'message', id, conversation_id FROM messages WHERE trim(body) != '';
INSERT INTO search_fts (rowid, text, space_id, kind, ref_id, conversation_id)
  SELECT -rowid, trim(name || ' ' || phone || ' ' || email || ' ' || company || ' ' || COALESCE((SELECT group_concat(value, ' ') FROM json_each(contacts.tags)), '')), space_id, 'contact', id, NULL FROM contacts;
`;
