import type { Db } from './connection';

/**
 * The Reports module's SQL. `reportFacts` keeps one row per conversation (migration 18) as the
 * conversation core stores messages and changes conversations; `reportQueries` read those rows
 * in a time range through the covering indexes, so a report costs the conversations in its range,
 * never their messages.
 */

export interface ReportFilter {
  spaceId: string;
  /** [from, to) instants */
  from: number;
  to: number;
  channelId: string | null;
  memberId: string | null;
}

/** A range's times as JSON arrays, one element per conversation: durations, or start and end instants (business time); channel and member rowids. */
export interface Spans {
  durations?: string;
  starts?: string;
  ends?: string;
  channels: string;
  agents: string;
}

export const reportFacts = {
  /** A conversation opened (the core calls this as it inserts one). */
  opened: (db: Db, conversationId: string) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO report_conversations (conversation_id, space_id, channel_id, opened_at, agent_id, channel_n, agent_n)
         SELECT c.id, c.space_id, c.channel_id, c.opened_at, c.assignee_id, (SELECT rowid FROM channels WHERE id = c.channel_id), (SELECT rowid FROM users WHERE id = c.assignee_id)
         FROM conversations c WHERE c.id = ?`,
      )
      .run(conversationId),
  /** A message stored: the first customer message, and the first member reply after it, are kept. */
  messageStored: (db: Db, m: { conversation_id: string; direction: 'in' | 'out'; author_id: string | null; created_at: number }) =>
    db
      .prepare(
        `UPDATE report_conversations SET
           first_customer_at = CASE WHEN @inbound AND first_customer_at IS NULL THEN @at ELSE first_customer_at END,
           first_reply_at = CASE WHEN @reply AND first_reply_at IS NULL AND first_customer_at <= @at THEN @at ELSE first_reply_at END,
           first_reply_by = CASE WHEN @reply AND first_reply_at IS NULL AND first_customer_at <= @at THEN @author ELSE first_reply_by END,
           replier_n = CASE WHEN @reply AND first_reply_at IS NULL AND first_customer_at <= @at THEN (SELECT rowid FROM users WHERE id = @author) ELSE replier_n END
         WHERE conversation_id = @id`,
      )
      .run({ id: m.conversation_id, inbound: m.direction === 'in' ? 1 : 0, reply: m.direction === 'out' && m.author_id !== null ? 1 : 0, author: m.author_id, at: m.created_at }),
  /** Assigned (the agent is kept, also after closing unassigns it) or closed (when and why). */
  changed: (db: Db, conversationId: string, assigneeId: string | null, closed: { at: number; category: string | null } | null) =>
    db
      .prepare(
        `UPDATE report_conversations SET agent_id = COALESCE(@assignee, agent_id), agent_n = COALESCE((SELECT rowid FROM users WHERE id = @assignee), agent_n),
           closed_at = CASE WHEN @closed THEN @at ELSE closed_at END,
           closing_category = CASE WHEN @closed THEN @category ELSE closing_category END
         WHERE conversation_id = @id`,
      )
      .run({ id: conversationId, assignee: assigneeId, closed: closed ? 1 : 0, at: closed?.at ?? null, category: closed?.category ?? null }),
};

// Optional filters as part of the WHERE clause: `? IS NULL OR column = ?` keeps one statement
// (and one plan) for every combination; the columns are in the covering index.
const filters = (agentColumn: string) => `AND (@channel IS NULL OR channel_id = @channel) AND (@member IS NULL OR ${agentColumn} = @member)`;
const params = (f: ReportFilter) => ({ space: f.spaceId, from: f.from, to: f.to, channel: f.channelId, member: f.memberId });

export const reportQueries = {
  /** Conversations opened and closed in each slot (`[start, end)` pairs, e.g. the days of the range). */
  perSlot: (db: Db, f: ReportFilter, slots: ReadonlyArray<readonly [number, number]>) =>
    db
      .prepare(
        `SELECT
           (SELECT count(*) FROM report_conversations WHERE space_id = @space AND opened_at >= s.value->>0 AND opened_at < s.value->>1 ${filters('agent_id')}) AS opened,
           (SELECT count(*) FROM report_conversations WHERE space_id = @space AND closed_at >= s.value->>0 AND closed_at < s.value->>1 AND closed_at IS NOT NULL ${filters('agent_id')}) AS closed
         FROM json_each(@slots) s ORDER BY s.key`,
      )
      .all({ ...params(f), slots: JSON.stringify(slots) }) as Array<{ opened: number; closed: number }>,
  /** Conversations opened in each slot (the heatmap's hours). */
  openedPerSlot: (db: Db, f: ReportFilter, slots: ReadonlyArray<readonly [number, number]>) =>
    db
      .prepare(
        `SELECT (SELECT count(*) FROM report_conversations WHERE space_id = @space AND opened_at >= s.value->>0 AND opened_at < s.value->>1 ${filters('agent_id')})
         FROM json_each(@slots) s ORDER BY s.key`,
      )
      .pluck()
      .all({ ...params(f), slots: JSON.stringify(slots) }) as number[],
  /**
   * First replies written in the range as JSON arrays, one element per conversation (a year of
   * conversations crosses into JavaScript as a few strings, not 200,000 row objects): the
   * durations in calendar time, or with `spans` the first customer message and first reply
   * instants (for business time); and the channel and replier of each, as rowids.
   */
  firstReplies: (db: Db, f: ReportFilter, spans: boolean) =>
    db
      .prepare(
        `SELECT ${spans ? 'json_group_array(first_customer_at) AS starts, json_group_array(first_reply_at) AS ends' : 'json_group_array(first_reply_at - first_customer_at) AS durations'},
           json_group_array(channel_n) AS channels, json_group_array(replier_n) AS agents
         FROM report_conversations
         WHERE space_id = @space AND first_reply_at >= @from AND first_reply_at < @to AND first_reply_at IS NOT NULL ${filters('first_reply_by')}`,
      )
      .get(params(f)) as Spans,
  /** Conversations closed in the range: opened → closed, as above, with each one's channel and agent. */
  resolutions: (db: Db, f: ReportFilter, spans: boolean) =>
    db
      .prepare(
        `SELECT ${spans ? 'json_group_array(opened_at) AS starts, json_group_array(closed_at) AS ends' : 'json_group_array(closed_at - opened_at) AS durations'},
           json_group_array(channel_n) AS channels, json_group_array(agent_n) AS agents
         FROM report_conversations
         WHERE space_id = @space AND closed_at >= @from AND closed_at < @to AND closed_at IS NOT NULL ${filters('agent_id')}`,
      )
      .get(params(f)) as Spans,
  /** Users and channels by rowid (the facts' channel_n, agent_n, replier_n), for ids and names. */
  usersByRowid: (db: Db, rowids: readonly number[]) =>
    db.prepare('SELECT rowid AS n, id, name FROM users WHERE rowid IN (SELECT value FROM json_each(?))').all(JSON.stringify(rowids)) as Array<{ n: number; id: string; name: string }>,
  channelsByRowid: (db: Db, rowids: readonly number[]) =>
    db.prepare('SELECT rowid AS n, id FROM channels WHERE rowid IN (SELECT value FROM json_each(?))').all(JSON.stringify(rowids)) as Array<{ n: number; id: string }>,
  /** Closing-note categories of the conversations closed in the range (null: closed without one). */
  categories: (db: Db, f: ReportFilter) =>
    db
      .prepare(
        `SELECT closing_category AS category, count(*) AS count FROM report_conversations
         WHERE space_id = @space AND closed_at >= @from AND closed_at < @to AND closed_at IS NOT NULL ${filters('agent_id')}
         GROUP BY closing_category ORDER BY count DESC, closing_category`,
      )
      .all(params(f)) as Array<{ category: string | null; count: number }>,
  /** Customers' ratings given in the range, per score (the agent is the conversation's last assignee). */
  ratings: (db: Db, f: ReportFilter) =>
    db
      .prepare(
        `SELECT r.score AS score, count(*) AS count FROM ratings r LEFT JOIN report_conversations c ON c.conversation_id = r.conversation_id
         WHERE r.space_id = @space AND r.created_at >= @from AND r.created_at < @to
           AND (@channel IS NULL OR r.channel_id = @channel) AND (@member IS NULL OR c.agent_id = @member)
         GROUP BY r.score`,
      )
      .all(params(f)) as Array<{ score: number; count: number }>,
  /** Open conversations per assignee now (null: unassigned), through the queue's own index. */
  workload: (db: Db, spaceId: string, channelId: string | null) =>
    db
      .prepare(
        `SELECT assignee_id AS memberId, count(*) AS open FROM conversations INDEXED BY conversations_open_assignee
         WHERE space_id = @space AND status = 'open' AND (@channel IS NULL OR channel_id = @channel) GROUP BY assignee_id`,
      )
      .all({ space: spaceId, channel: channelId }) as Array<{ memberId: string | null; open: number }>,
  /** The space's members and channels (deleted channels too: their conversations still count), for names. */
  members: (db: Db, spaceId: string) =>
    db
      .prepare('SELECT m.user_id AS id, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.space_id = ? ORDER BY u.name COLLATE NOCASE')
      .all(spaceId) as Array<{ id: string; name: string; role: string }>,
  channels: (db: Db, spaceId: string) =>
    db.prepare('SELECT id, name, kind, deleted_at IS NOT NULL AS deleted FROM channels WHERE space_id = ? ORDER BY name COLLATE NOCASE').all(spaceId) as Array<{
      id: string;
      name: string;
      kind: string;
      deleted: number;
    }>,
};
