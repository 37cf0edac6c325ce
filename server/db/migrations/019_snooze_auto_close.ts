/**
 * Snooze and auto-close (#16). A snoozed conversation stays open (one open conversation per
 * contact, its assignee and workload unchanged) but leaves the queue: `snoozed` = 1, until
 * `snoozed_until` (ms) or, when that is NULL, until the customer writes. `last_inbound_at` is the
 * customer's last message (or the opening, for a conversation an agent opened): auto-close reads
 * it through an index. The queue has an index of its own that leaves snoozed conversations out (the open-by-assignee index stays: workload counts them).
 */
export const sql = `
ALTER TABLE conversations ADD COLUMN snoozed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;
ALTER TABLE conversations ADD COLUMN last_inbound_at INTEGER;
UPDATE conversations SET last_inbound_at = coalesce(
  (SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'in'),
  opened_at
) WHERE status = 'open';
CREATE INDEX conversations_queue ON conversations(space_id, assignee_id, last_message_at) WHERE status = 'open' AND snoozed = 0;
CREATE INDEX conversations_snoozed ON conversations(space_id, last_message_at) WHERE status = 'open' AND snoozed = 1;
CREATE INDEX conversations_snooze_due ON conversations(snoozed_until) WHERE status = 'open' AND snoozed = 1 AND snoozed_until IS NOT NULL;
CREATE INDEX conversations_idle ON conversations(space_id, last_inbound_at) WHERE status = 'open' AND snoozed = 0;
ALTER TABLE spaces ADD COLUMN auto_close_hours INTEGER;
`;
