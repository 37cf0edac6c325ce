/**
 * E-mail channels by forwarding key (#15): Kaon's SMTP receiver looks up, at every RCPT TO, the
 * channel that `<key>@INBOUND_EMAIL_DOMAIN` names. The key lives in the channel's config (JSON);
 * a generated column keeps it lower-cased beside it, so every create, update and delete keeps the
 * index right without code that could forget it, and the lookup is one index probe.
 */
export const sql = `
ALTER TABLE channels ADD COLUMN email_key TEXT GENERATED ALWAYS AS (
  CASE WHEN kind = 'email' AND json_valid(config) THEN lower(json_extract(config, '$.key')) END
) VIRTUAL;
CREATE INDEX channels_email_key ON channels(email_key) WHERE email_key IS NOT NULL;
`;
