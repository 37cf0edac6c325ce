/**
 * Outgoing webhooks: per-space receivers of conversation and message events, and the durable
 * queue of their deliveries (which doubles as the delivery log). A delivery row is written in
 * the same transaction as the change it describes, so a crash or restart loses none.
 */
export const sql = `
-- events: JSON array of event types. secret: the HMAC-SHA256 key, shown once at creation and on
-- rotation, never returned by a list (like channel secrets, kept server-side in SQLite).
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webhooks_space ON webhooks(space_id, created_at);

-- One row per (event, webhook). 'pending' until the receiver answers 2xx ('delivered') or the
-- attempts run out ('failed'). Finished rows are the delivery log, pruned to the newest per
-- webhook. next_attempt_at is wall-clock ms (0 = at once); test = a "Send test" delivery.
CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  status_code INTEGER,
  response_ms INTEGER,
  last_error TEXT,
  test INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, webhook_id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries(webhook_id, seq);
`;
