/**
 * SLAs (#16). `sla_policies`: a space's policies in order (the first enabled match applies), each
 * target in minutes or NULL, business hours or calendar time, conditions as JSON arrays (empty =
 * all). `sla_conversations`: one row per conversation a policy applied to, kept by the
 * conversation core in the same transaction as the message or change: what each target is
 * measured from (its anchors), its due instant, when it was met and when it was breached (the due
 * instant, recorded once). `check_at` is the soonest owed, not yet breached, due instant of an
 * open conversation (NULL otherwise): the timer reads breaches through its partial index, so a
 * tick costs what is due. `shown_*` is what the queue row shows. The report reads each channel ×
 * agent group's rows opened in its range from the covering index `sla_report` (no table reads, no
 * sort: cost follows the range). Existing conversations get a row the next time they change.
 * Notifications gain the kind 'sla' (SQLite cannot alter a CHECK: the table is rebuilt; nothing
 * references it).
 */
export const sql = `
CREATE TABLE sla_policies (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  first_response_min INTEGER,
  next_response_min INTEGER,
  resolution_min INTEGER,
  business_hours INTEGER NOT NULL DEFAULT 0,
  channel_ids TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sla_policies_space ON sla_policies(space_id, position);

CREATE TABLE sla_conversations (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  space_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  policy_id TEXT,
  first_start INTEGER,
  first_due INTEGER,
  first_done INTEGER,
  first_breached INTEGER,
  next_start INTEGER,
  next_due INTEGER,
  next_breached INTEGER,
  -- Next-response waits that ended with a reply, and how many of them had passed their due time.
  next_cycles INTEGER NOT NULL DEFAULT 0,
  next_breaches INTEGER NOT NULL DEFAULT 0,
  resolution_due INTEGER,
  resolution_done INTEGER,
  resolution_breached INTEGER,
  shown_target TEXT,
  shown_due INTEGER,
  check_at INTEGER,
  -- The member it was last assigned to (as report_conversations.agent_id), and each decided
  -- target's outcome (1 met, 0 breached, NULL not decided): what the report reads, from its index.
  agent_id TEXT,
  first_met INTEGER,
  resolution_met INTEGER
) WITHOUT ROWID;
CREATE INDEX sla_check ON sla_conversations(check_at) WHERE check_at IS NOT NULL;
CREATE INDEX sla_report ON sla_conversations(space_id, channel_id, agent_id, opened_at, first_met, resolution_met, next_cycles, next_breaches);

CREATE TABLE notifications_v21 (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('mention', 'assigned', 'sla')),
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  comment_id TEXT,
  conversation_id TEXT,
  preview TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  UNIQUE (user_id, comment_id)
);
INSERT INTO notifications_v21 SELECT id, space_id, user_id, kind, actor_id, actor_name, contact_id, comment_id, conversation_id, preview, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v21 RENAME TO notifications;
CREATE INDEX notifications_user ON notifications(space_id, user_id, created_at);
`;
