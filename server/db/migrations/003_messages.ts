/** Channels, contacts, conversations, messages, activity lines, attachments, closing notes, search. */
export const sql = `
ALTER TABLE spaces ADD COLUMN closing_policy TEXT NOT NULL DEFAULT 'optional'
  CHECK (closing_policy IN ('off','optional','category','categoryAndSummary'));
CREATE TABLE closing_categories (
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (space_id, name)
);
CREATE TABLE channels (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  public_key TEXT UNIQUE,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE INDEX channels_space ON channels(space_id);
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX contacts_space ON contacts(space_id);
CREATE TABLE contact_identities (
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  PRIMARY KEY (channel_id, external_id)
);
CREATE INDEX contact_identities_contact ON contact_identities(contact_id);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES channels(id),
  status TEXT NOT NULL CHECK (status IN ('open','closed')),
  assignee_id TEXT REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  closed_by TEXT REFERENCES users(id),
  closing_category TEXT,
  closing_summary TEXT,
  last_message_at INTEGER NOT NULL,
  last_preview TEXT NOT NULL DEFAULT '',
  unread INTEGER NOT NULL DEFAULT 0
);
-- A contact has at most one open conversation: the database enforces it too.
CREATE UNIQUE INDEX conversations_one_open ON conversations(contact_id) WHERE status = 'open';
CREATE INDEX conversations_space ON conversations(space_id, status, last_message_at);
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('in','out')),
  author_id TEXT REFERENCES users(id),
  body TEXT NOT NULL,
  client_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending','sent','delivered','read','failed','received')),
  error TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, created_at);
-- Sending the same client id twice stores one message.
CREATE UNIQUE INDEX messages_client_id ON messages(space_id, client_id) WHERE client_id IS NOT NULL;
CREATE TABLE files (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mime TEXT NOT NULL,
  name TEXT NOT NULL,
  uploaded_by_user TEXT,
  uploaded_by_contact TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE message_files (
  message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  file_id TEXT NOT NULL REFERENCES files(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (message_id, file_id)
);
CREATE INDEX message_files_file ON message_files(file_id);
CREATE TABLE activities (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX activities_conversation ON activities(conversation_id, created_at);
CREATE VIRTUAL TABLE search_fts USING fts5(text, space_id UNINDEXED, kind UNINDEXED, ref_id UNINDEXED, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
`;
