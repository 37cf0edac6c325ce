/**
 * Customer satisfaction (#16): a channel may ask its customers to rate a conversation once it is
 * closed (off by default); one rating (1–5 and an optional comment) per conversation.
 */
export const sql = `
ALTER TABLE channels ADD COLUMN ask_rating INTEGER NOT NULL DEFAULT 0;
CREATE TABLE ratings (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX ratings_space_time ON ratings(space_id, created_at);
CREATE INDEX ratings_contact ON ratings(contact_id);
`;
