/**
 * Rollups of the report facts (#16): a year of reports reads a few thousand rows instead of
 * 200,000 conversations. One row per (space, kind, bucket, channel, agent, category), where
 * bucket is the UTC hour (floor(at / 3,600,000)) or UTC day (floor(at / 86,400,000)):
 *
 * - kind 0, opened: conversations opened in the hour (n), by their agent (volume, heatmap);
 * - kind 1, closed: conversations closed in the hour, by agent (volume);
 * - kind 2, first replied: first member replies written in the day, by replier, with each one's
 *   first response time in `durations`;
 * - kind 3, resolved: conversations closed in the day, by agent and closing category, with each
 *   one's resolution time in `durations` (resolution, categories).
 *
 * `durations` holds n float64 values (every value, not a histogram: medians and 90th percentiles
 * stay exact), counted in the space's business hours when it has them. channel_n and agent_n are
 * the rowids the facts keep (agent_n 0: nobody); category is '' for none, '=' and the category
 * otherwise (a primary key column cannot be null).
 *
 * report_rollup_state says for which business hours (the spaces.business_hours text, '' for
 * none) a space's rollups were computed; no row, or other hours, means they are rebuilt from the
 * facts before the next report (server/db/reports.ts). Deleting facts drops the state.
 */
export const sql = `
CREATE TABLE report_rollups (
  space_id TEXT NOT NULL,
  kind INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  channel_n INTEGER NOT NULL,
  agent_n INTEGER NOT NULL,
  category TEXT NOT NULL,
  n INTEGER NOT NULL,
  durations BLOB,
  PRIMARY KEY (space_id, kind, bucket, channel_n, agent_n, category)
) WITHOUT ROWID;
CREATE TABLE report_rollup_state (
  space_id TEXT PRIMARY KEY,
  hours TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER report_facts_deleted AFTER DELETE ON report_conversations BEGIN
  DELETE FROM report_rollup_state WHERE space_id = OLD.space_id;
END;
`;
