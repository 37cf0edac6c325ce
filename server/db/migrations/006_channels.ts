/**
 * Provider channels (WhatsApp Cloud API, Telegram): settings and secrets per channel, health,
 * the durable outbound outbox, provider message ids, webhook dedupe and WhatsApp templates.
 */
export const sql = `
-- Non-secret settings (phone number id, API version, bot username) and secrets (tokens, app
-- secret) as JSON; secrets never leave the server. Health: what an admin checks first.
ALTER TABLE channels ADD COLUMN config TEXT NOT NULL DEFAULT '{}';
ALTER TABLE channels ADD COLUMN secrets TEXT NOT NULL DEFAULT '{}';
ALTER TABLE channels ADD COLUMN last_webhook_at INTEGER;
ALTER TABLE channels ADD COLUMN last_send_at INTEGER;
ALTER TABLE channels ADD COLUMN last_send_error TEXT;
ALTER TABLE channels ADD COLUMN last_send_error_at INTEGER;
-- Deleting a channel keeps its conversations' history, so the row stays, emptied and hidden.
ALTER TABLE channels ADD COLUMN deleted_at INTEGER;

-- One row per provider reply. 'queued' until the provider accepts every part, then 'sent' (in
-- the same transaction that marks the message sent, so a restart resends only what was never
-- confirmed), or 'failed'. Sent and failed rows keep the payload for the agent's retry.
-- seq orders sends per recipient.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  recipient TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sent','failed')),
  parts_done INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_recipient ON outbox(channel_id, recipient, seq) WHERE state = 'queued';

-- Provider ids of what Kaon sent (a reply with files is several provider messages), for
-- matching delivery-status webhooks.
CREATE TABLE provider_messages (
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  PRIMARY KEY (channel_id, external_id)
);
CREATE INDEX provider_messages_message ON provider_messages(message_id);

-- Webhook deliveries already applied (Telegram update_id), so provider retries apply once; and
-- delivery statuses that arrived before the send's answer told us the provider id ('early:…',
-- with their payload), applied when it does.
CREATE TABLE webhook_events (
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  event_key TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  payload TEXT,
  PRIMARY KEY (channel_id, event_key)
);

-- WhatsApp message templates as approved in Meta's manager: body text with {{1}}, {{2}}…
CREATE TABLE channel_templates (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  body TEXT NOT NULL,
  variable_labels TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (channel_id, name, language)
);
`;
