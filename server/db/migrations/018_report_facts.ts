/**
 * Reports read one row per conversation, never its messages: the facts a report needs (channel,
 * agent, first customer message, first member reply, close and its category) are kept by the
 * conversation core as messages are stored and conversations change, and backfilled here once.
 * The indexes match the reports' range queries (opened, first replied, closed) and cover them.
 * channel_n, agent_n and replier_n are the rowids of the channel and users: a report groups a year
 * of rows by them in JavaScript from one array of small numbers (a GROUP BY on the text ids sorted
 * 200,000 rows in a temporary b-tree, most of the report's time).
 */
const schema = `
CREATE TABLE report_conversations (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  space_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  -- The member it was last assigned to; closing unassigns the conversation but not this.
  agent_id TEXT,
  first_customer_at INTEGER,
  -- The first message a member wrote after first_customer_at (workflow auto-replies have no author).
  first_reply_at INTEGER,
  first_reply_by TEXT,
  closed_at INTEGER,
  closing_category TEXT,
  channel_n INTEGER NOT NULL,
  agent_n INTEGER,
  replier_n INTEGER
) WITHOUT ROWID;
CREATE INDEX report_opened ON report_conversations(space_id, opened_at, channel_id, agent_id);
CREATE INDEX report_replied ON report_conversations(space_id, first_reply_at, channel_id, first_reply_by, first_customer_at, channel_n, replier_n) WHERE first_reply_at IS NOT NULL;
CREATE INDEX report_closed ON report_conversations(space_id, closed_at, channel_id, agent_id, opened_at, closing_category, channel_n, agent_n) WHERE closed_at IS NOT NULL;
`;

/** The facts of every conversation already stored (also run by bench/ after it seeds rows in bulk). */
export const backfill = `
INSERT INTO report_conversations (conversation_id, space_id, channel_id, opened_at, agent_id, first_customer_at, closed_at, closing_category, channel_n, agent_n)
  SELECT c.id, c.space_id, c.channel_id, c.opened_at, COALESCE(c.assignee_id, c.closed_by), (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'),
    CASE WHEN c.status = 'closed' THEN c.closed_at END, CASE WHEN c.status = 'closed' THEN c.closing_category END,
    (SELECT rowid FROM channels WHERE id = c.channel_id), (SELECT rowid FROM users WHERE id = COALESCE(c.assignee_id, c.closed_by))
  FROM conversations c;
UPDATE report_conversations SET first_reply_at = (
    SELECT m.created_at FROM messages m WHERE m.conversation_id = report_conversations.conversation_id AND m.direction = 'out' AND m.author_id IS NOT NULL AND m.created_at >= report_conversations.first_customer_at ORDER BY m.created_at LIMIT 1),
  first_reply_by = (
    SELECT m.author_id FROM messages m WHERE m.conversation_id = report_conversations.conversation_id AND m.direction = 'out' AND m.author_id IS NOT NULL AND m.created_at >= report_conversations.first_customer_at ORDER BY m.created_at LIMIT 1)
  WHERE first_customer_at IS NOT NULL;
UPDATE report_conversations SET replier_n = (SELECT rowid FROM users WHERE id = first_reply_by) WHERE first_reply_by IS NOT NULL;
`;

export const sql = schema + backfill;
