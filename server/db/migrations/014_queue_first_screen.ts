/**
 * The queue's first screen from SQLite (conversations.firstScreen): the newest open conversations
 * of one assignee (or unassigned) and their count, read through an index instead of every open row.
 */
export const sql = `
CREATE INDEX conversations_open_assignee ON conversations(space_id, assignee_id, last_message_at) WHERE status = 'open';
`;
