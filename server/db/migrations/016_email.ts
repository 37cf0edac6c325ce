/**
 * E-mail channels (issue #15): where reading each IMAP mailbox stands, and the headers of every
 * mail Kaon stored or sent, for threading by Message-ID and showing subject, HTML and quoted text.
 */
export const sql = `
-- Per mailbox channel: the folder's UIDVALIDITY and the highest UID stored, so a reconnect after
-- an outage of any length fetches exactly what is newer; and the mailbox's health in words.
CREATE TABLE email_mailboxes (
  channel_id TEXT PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  uid_validity TEXT,
  last_uid INTEGER NOT NULL DEFAULT 0,
  connected_at INTEGER,
  last_error TEXT,
  last_error_at INTEGER
);

-- One row per e-mail message (in or out). rfc_id is the Message-ID with its angle brackets;
-- refs the References chain (JSON array, oldest first). The message's body holds the new text;
-- html (sanitized on arrival) and quoted (the history below it) are kept for the viewer.
CREATE TABLE email_messages (
  message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('in','out')),
  rfc_id TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  from_addr TEXT NOT NULL DEFAULT '',
  to_addrs TEXT NOT NULL DEFAULT '[]',
  cc_addrs TEXT NOT NULL DEFAULT '[]',
  refs TEXT NOT NULL DEFAULT '[]',
  html TEXT,
  quoted TEXT NOT NULL DEFAULT '',
  auth_results TEXT,
  created_at INTEGER NOT NULL
);
-- A reply's In-Reply-To / References are looked up here (threading); each lookup is one index probe.
CREATE INDEX email_messages_rfc ON email_messages(space_id, rfc_id);
-- The newest mail of a conversation (the subject and headers a reply answers).
CREATE INDEX email_messages_conversation ON email_messages(conversation_id, created_at);

-- A conversation's reply token: Kaon's replies carry it in Reply-To (support+<token>@…), so a
-- forwarded answer finds its conversation even when a mail client dropped In-Reply-To.
CREATE TABLE email_threads (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  token TEXT NOT NULL UNIQUE
);

-- Contacts by the e-mail address of their profile, case-insensitively: one person by chat and by mail.
CREATE INDEX contacts_email ON contacts(space_id, email COLLATE NOCASE) WHERE email != '';
`;
