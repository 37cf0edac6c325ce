/** Notifications (mentions in comments, assignments by someone else), projected into each member's inbox doc. */
export const sql = `
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('mention', 'assigned')),
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  comment_id TEXT,
  conversation_id TEXT,
  preview TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  -- A mention notifies once per comment, however often the comment is edited.
  UNIQUE (user_id, comment_id)
);
CREATE INDEX notifications_user ON notifications(space_id, user_id, created_at);
`;
