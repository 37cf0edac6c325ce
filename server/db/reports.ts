import { isTimeZone } from '../../shared/domain/businessHours';
import { businessClock, type BusinessClock } from '../../shared/domain/reportMetrics';
import type { BusinessHours } from '../../shared/domain/workflowTypes';
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

/** The rollups' filter: the space, and the rowids of the channel and member asked for (null: all). */
export interface RollupFilter {
  spaceId: string;
  channelN: number | null;
  memberN: number | null;
}

/** A range's times as JSON arrays, one element per conversation: durations, or start and end instants (business time); channel and member rowids. */
export interface Spans {
  durations?: string;
  starts?: string;
  ends?: string;
  channels: string;
  agents: string;
}

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** The rollups' kinds (migration 22) and the length of each one's buckets. */
export type RollupKind = 0 | 1 | 2 | 3;
export const BUCKET: Record<RollupKind, number> = { 0: HOUR, 1: HOUR, 2: DAY, 3: DAY };

/** The facts a conversation adds to the rollups (migration 22). */
interface FactRow {
  space_id: string;
  opened_at: number;
  channel_n: number;
  agent_n: number | null;
  first_customer_at: number | null;
  first_reply_at: number | null;
  replier_n: number | null;
  closed_at: number | null;
  closing_category: string | null;
}
const factColumns = 'space_id, opened_at, channel_n, agent_n, first_customer_at, first_reply_at, replier_n, closed_at, closing_category';
const factRow = (db: Db, conversationId: string) => db.prepare(`SELECT ${factColumns} FROM report_conversations WHERE conversation_id = ?`).get(conversationId) as FactRow | undefined;

/** One conversation's contribution to one rollup row. */
interface Part {
  kind: RollupKind;
  bucket: number;
  channel: number;
  agent: number;
  category: string;
  duration: number | null;
}

/** The business hours a space's durations are counted in (the reports' rule: hours with an unknown zone count as none). */
function hoursOf(text: string): BusinessHours | null {
  if (!text) return null;
  let hours: BusinessHours;
  try {
    hours = JSON.parse(text) as BusinessHours;
  } catch {
    return null; // never stored by Kaon (settings validate them); a message must not fail on it
  }
  return hours && typeof hours.timeZone === 'string' && isTimeZone(hours.timeZone) ? hours : null;
}

/** Durations as the reports count them: the plain difference, or business time. */
type Duration = (a: number, b: number) => number;

/**
 * One business clock per hours (their JSON text), over a span that grows to cover what is asked
 * with a month's margin either side: a write's durations are then two binary searches, not a
 * calendar of the conversation's days built per change (milliseconds for a month-long one). A
 * clock's answer for [a, b) does not depend on the span it was built for.
 */
const clocks = new Map<string, { lo: number; hi: number; clock: BusinessClock }>();
function clockFor(text: string, hours: BusinessHours, a: number, b: number): BusinessClock {
  let c = clocks.get(text);
  if (!c || a < c.lo || b > c.hi) {
    const lo = Math.min(a, c?.lo ?? a) - 31 * DAY;
    const hi = Math.max(b, c?.hi ?? b) + 31 * DAY;
    if (!c && clocks.size >= 100) clocks.clear();
    c = { lo, hi, clock: businessClock(hours, lo, hi) };
    clocks.set(text, c);
  }
  return c.clock;
}
const durationIn = (text: string, hours: BusinessHours | null): Duration => (hours ? (a, b) => clockFor(text, hours, a, b).between(a, b) : (a, b) => b - a);

function partsOf(f: FactRow, duration: Duration): Part[] {
  const agent = f.agent_n ?? 0;
  const parts: Part[] = [{ kind: 0, bucket: Math.floor(f.opened_at / BUCKET[0]), channel: f.channel_n, agent, category: '', duration: null }];
  if (f.closed_at !== null) {
    const category = f.closing_category === null ? '' : `=${f.closing_category}`;
    parts.push({ kind: 1, bucket: Math.floor(f.closed_at / BUCKET[1]), channel: f.channel_n, agent, category: '', duration: null });
    parts.push({ kind: 3, bucket: Math.floor(f.closed_at / BUCKET[3]), channel: f.channel_n, agent, category, duration: duration(f.opened_at, f.closed_at) });
  }
  if (f.first_reply_at !== null && f.first_customer_at !== null) {
    parts.push({ kind: 2, bucket: Math.floor(f.first_reply_at / BUCKET[2]), channel: f.channel_n, agent: f.replier_n ?? 0, category: '', duration: duration(f.first_customer_at, f.first_reply_at) });
  }
  return parts;
}
const samePart = (a: Part, b: Part) => a.kind === b.kind && a.bucket === b.bucket && a.channel === b.channel && a.agent === b.agent && a.category === b.category && a.duration === b.duration;
const rowKey = (p: Part) => [p.kind, p.bucket, p.channel, p.agent, p.category] as const;

// Durations are float64 in the machine's byte order (written and read by the same code).
const f64 = (values: ArrayLike<number>) => Buffer.from(Float64Array.from(values).buffer);

/**
 * The rollups of migration 22, kept beside the facts in the same transaction. A space's rollups
 * are valid for the business hours recorded in report_rollup_state; when the hours changed (or
 * facts were deleted, or the rollups were never built) writes leave them alone and `ensure`
 * rebuilds them from the facts before the next report.
 */
export const reportRollups = {
  /** Are the space's rollups valid now? Returns the hours they count in (undefined: stale). */
  current: (db: Db, spaceId: string): { hours: BusinessHours | null; text: string } | undefined => {
    const row = db
      .prepare('SELECT st.hours AS stamp, COALESCE(s.business_hours, \'\') AS hours FROM spaces s LEFT JOIN report_rollup_state st ON st.space_id = s.id WHERE s.id = ?')
      .get(spaceId) as { stamp: string | null; hours: string } | undefined;
    if (!row || row.stamp === null || row.stamp !== row.hours) return undefined;
    return { hours: hoursOf(row.hours), text: row.hours };
  },
  /** Applies a conversation's change (its facts before and after) to valid rollups. */
  apply: (db: Db, before: FactRow | undefined, after: FactRow | undefined) => {
    const spaceId = (after ?? before)?.space_id;
    if (!spaceId) return;
    // Most messages change no fact (only a conversation's first customer message and first reply do).
    if (before && after && (Object.keys(after) as Array<keyof FactRow>).every((k) => before[k] === after[k])) return;
    const state = reportRollups.current(db, spaceId);
    if (!state) return;
    const duration = durationIn(state.text, state.hours);
    const old = before ? partsOf(before, duration) : [];
    const next = after ? partsOf(after, duration) : [];
    for (const p of old) if (!next.some((q) => samePart(p, q))) removePart(db, spaceId, p);
    for (const p of next) if (!old.some((q) => samePart(p, q))) addPart(db, spaceId, p);
  },
  /** Rebuilds the space's rollups from its facts when they are stale (3–5 s per 200,000 conversations on the bench's loaded 2 cores). Returns whether it did. */
  ensure: (db: Db, spaceId: string): boolean => {
    if (reportRollups.current(db, spaceId)) return false;
    db.transaction(() => rebuild(db, spaceId))();
    return true;
  },
};

function addPart(db: Db, spaceId: string, p: Part) {
  const key = rowKey(p);
  const row = db.prepare('SELECT durations FROM report_rollups WHERE space_id = ? AND kind = ? AND bucket = ? AND channel_n = ? AND agent_n = ? AND category = ?').get(spaceId, ...key) as
    | { durations: Buffer | null }
    | undefined;
  const value = p.duration === null ? null : f64([p.duration]);
  if (!row) db.prepare('INSERT INTO report_rollups (space_id, kind, bucket, channel_n, agent_n, category, n, durations) VALUES (?, ?, ?, ?, ?, ?, 1, ?)').run(spaceId, ...key, value);
  else
    db.prepare('UPDATE report_rollups SET n = n + 1, durations = ? WHERE space_id = ? AND kind = ? AND bucket = ? AND channel_n = ? AND agent_n = ? AND category = ?').run(
      value && row.durations ? Buffer.concat([row.durations, value]) : value,
      spaceId,
      ...key,
    );
}

/** Takes one conversation out of a rollup row; a row or value not found (they should be there) makes the space's rollups stale, to be rebuilt. */
function removePart(db: Db, spaceId: string, p: Part) {
  const key = rowKey(p);
  const row = db.prepare('SELECT n, durations FROM report_rollups WHERE space_id = ? AND kind = ? AND bucket = ? AND channel_n = ? AND agent_n = ? AND category = ?').get(spaceId, ...key) as
    | { n: number; durations: Buffer | null }
    | undefined;
  const stale = () => db.prepare('DELETE FROM report_rollup_state WHERE space_id = ?').run(spaceId);
  if (!row) return stale();
  let durations = row.durations;
  if (p.duration !== null) {
    const values = durations ? Array.from(new Float64Array(Uint8Array.from(durations).buffer)) : [];
    const at = values.indexOf(p.duration);
    if (at < 0) return stale();
    values.splice(at, 1);
    durations = f64(values);
  }
  if (row.n <= 1) db.prepare('DELETE FROM report_rollups WHERE space_id = ? AND kind = ? AND bucket = ? AND channel_n = ? AND agent_n = ? AND category = ?').run(spaceId, ...key);
  else db.prepare('UPDATE report_rollups SET n = n - 1, durations = ? WHERE space_id = ? AND kind = ? AND bucket = ? AND channel_n = ? AND agent_n = ? AND category = ?').run(durations, spaceId, ...key);
}

function rebuild(db: Db, spaceId: string) {
  const text = (db.prepare("SELECT COALESCE(business_hours, '') FROM spaces WHERE id = ?").pluck().get(spaceId) as string | undefined) ?? '';
  db.prepare('DELETE FROM report_rollups WHERE space_id = ?').run(spaceId);
  const facts = db.prepare(`SELECT ${factColumns} FROM report_conversations WHERE space_id = ?`).all(spaceId) as FactRow[];
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of facts) {
    for (const t of [f.opened_at, f.first_customer_at, f.first_reply_at, f.closed_at]) {
      if (t === null) continue;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  const hours = hoursOf(text);
  if (hours && lo <= hi) clockFor(text, hours, lo, hi); // one calendar for the whole span, built once
  const duration = durationIn(text, hours);
  const rows = new Map<string, { key: ReturnType<typeof rowKey>; durations: number[] | null; n: number }>();
  for (const f of facts) {
    for (const p of partsOf(f, duration)) {
      const key = rowKey(p);
      const id = key.join('\u0000');
      let row = rows.get(id);
      if (!row) rows.set(id, (row = { key, durations: p.duration === null ? null : [], n: 0 }));
      row.n++;
      if (p.duration !== null) row.durations?.push(p.duration);
    }
  }
  const insert = db.prepare('INSERT INTO report_rollups (space_id, kind, bucket, channel_n, agent_n, category, n, durations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const row of rows.values()) insert.run(spaceId, ...row.key, row.n, row.durations ? f64(row.durations) : null);
  db.prepare('INSERT INTO report_rollup_state (space_id, hours) VALUES (?, ?) ON CONFLICT (space_id) DO UPDATE SET hours = excluded.hours').run(spaceId, text);
}

/** Runs a change to a conversation's facts and carries it into the rollups. */
function withRollups<T extends { changes: number }>(db: Db, conversationId: string, write: () => T): T {
  const before = factRow(db, conversationId);
  const result = write();
  if (result.changes > 0) reportRollups.apply(db, before, factRow(db, conversationId));
  return result;
}

export const reportFacts = {
  /** A conversation opened (the core calls this as it inserts one). */
  opened: (db: Db, conversationId: string) =>
    withRollups(db, conversationId, () =>
      db
        .prepare(
          `INSERT OR IGNORE INTO report_conversations (conversation_id, space_id, channel_id, opened_at, agent_id, channel_n, agent_n)
           SELECT c.id, c.space_id, c.channel_id, c.opened_at, c.assignee_id, (SELECT rowid FROM channels WHERE id = c.channel_id), (SELECT rowid FROM users WHERE id = c.assignee_id)
           FROM conversations c WHERE c.id = ?`,
        )
        .run(conversationId),
    ),
  /** A message stored: the first customer message, and the first member reply after it, are kept. */
  messageStored: (db: Db, m: { conversation_id: string; direction: 'in' | 'out'; author_id: string | null; created_at: number }) =>
    withRollups(db, m.conversation_id, () =>
      db
        .prepare(
          `UPDATE report_conversations SET
             first_customer_at = CASE WHEN @inbound AND first_customer_at IS NULL THEN @at ELSE first_customer_at END,
             first_reply_at = CASE WHEN @reply AND first_reply_at IS NULL AND first_customer_at <= @at THEN @at ELSE first_reply_at END,
             first_reply_by = CASE WHEN @reply AND first_reply_at IS NULL AND first_customer_at <= @at THEN @author ELSE first_reply_by END,
             replier_n = CASE WHEN @reply AND first_reply_at IS NULL AND first_customer_at <= @at THEN (SELECT rowid FROM users WHERE id = @author) ELSE replier_n END
           WHERE conversation_id = @id AND ((@inbound AND first_customer_at IS NULL) OR (@reply AND first_reply_at IS NULL AND first_customer_at <= @at))`,
        )
        .run({ id: m.conversation_id, inbound: m.direction === 'in' ? 1 : 0, reply: m.direction === 'out' && m.author_id !== null ? 1 : 0, author: m.author_id, at: m.created_at }),
    ),
  /** Assigned (the agent is kept, also after closing unassigns it) or closed (when and why). */
  changed: (db: Db, conversationId: string, assigneeId: string | null, closed: { at: number; category: string | null } | null) =>
    withRollups(db, conversationId, () =>
      db
        .prepare(
          `UPDATE report_conversations SET agent_id = COALESCE(@assignee, agent_id), agent_n = COALESCE((SELECT rowid FROM users WHERE id = @assignee), agent_n),
             closed_at = CASE WHEN @closed THEN @at ELSE closed_at END,
             closing_category = CASE WHEN @closed THEN @category ELSE closing_category END
           WHERE conversation_id = @id`,
        )
        .run({ id: conversationId, assignee: assigneeId, closed: closed ? 1 : 0, at: closed?.at ?? null, category: closed?.category ?? null }),
    ),
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
  /**
   * Rollups (migration 22) of whole buckets [from, to): the count per hour (kinds 0 and 1: volume,
   * heatmap), or the rows with their durations (kinds 2 and 3: first response, resolution). The
   * filters are the rowids of the channel and member (the facts' channel_n, agent_n / replier_n).
   */
  hourlyCounts: (db: Db, f: RollupFilter, kind: 0 | 1, from: number, to: number): { buckets: number[]; counts: number[] } => {
    // Two JSON arrays in one row: a year's 8,784 hours cross into JavaScript as two strings, not 8,784 rows.
    const row = db
      .prepare(
        `SELECT json_group_array(bucket) AS buckets, json_group_array(n) AS counts FROM (
           SELECT bucket, sum(n) AS n FROM report_rollups
           WHERE space_id = @space AND kind = @kind AND bucket >= @from AND bucket < @to AND (@channel IS NULL OR channel_n = @channel) AND (@member IS NULL OR agent_n = @member)
           GROUP BY bucket)`,
      )
      .get({ space: f.spaceId, kind, from, to, channel: f.channelN, member: f.memberN }) as { buckets: string; counts: string };
    return { buckets: JSON.parse(row.buckets) as number[], counts: JSON.parse(row.counts) as number[] };
  },
  rollupDurations: (db: Db, f: RollupFilter, kind: 2 | 3, from: number, to: number) =>
    db
      .prepare(
        `SELECT channel_n, agent_n, n, durations FROM report_rollups
         WHERE space_id = @space AND kind = @kind AND bucket >= @from AND bucket < @to AND (@channel IS NULL OR channel_n = @channel) AND (@member IS NULL OR agent_n = @member)`,
      )
      .raw()
      .all({ space: f.spaceId, kind, from, to, channel: f.channelN, member: f.memberN }) as Array<[number, number, number, Buffer]>,
  /** Closing-note categories: the rollups' whole days [fromDay, toDay) (kind 3) and the facts of the range's edges outside them. */
  rollupCategories: (db: Db, f: ReportFilter & RollupFilter, fromDay: number, toDay: number) =>
    db
      .prepare(
        `SELECT category, sum(n) AS count FROM (
           SELECT CASE WHEN category = '' THEN NULL ELSE substr(category, 2) END AS category, n FROM report_rollups
           WHERE space_id = @space AND kind = 3 AND bucket >= @fromDay AND bucket < @toDay AND (@channelN IS NULL OR channel_n = @channelN) AND (@memberN IS NULL OR agent_n = @memberN)
           UNION ALL
           SELECT closing_category, 1 FROM report_conversations
           WHERE space_id = @space AND closed_at >= @from AND closed_at < @fromAt AND closed_at IS NOT NULL ${filters('agent_id')}
           UNION ALL
           SELECT closing_category, 1 FROM report_conversations
           WHERE space_id = @space AND closed_at >= @toAt AND closed_at < @to AND closed_at IS NOT NULL ${filters('agent_id')}
         ) GROUP BY category ORDER BY count DESC, category`,
      )
      .all({ ...params(f), channelN: f.channelN, memberN: f.memberN, fromDay, toDay, fromAt: fromDay * BUCKET[3], toAt: toDay * BUCKET[3] }) as Array<{ category: string | null; count: number }>,
  /** The rowids of a channel and a user (the rollups' channel_n and agent_n). */
  channelN: (db: Db, id: string) => db.prepare('SELECT rowid FROM channels WHERE id = ?').pluck().get(id) as number | undefined,
  userN: (db: Db, id: string) => db.prepare('SELECT rowid FROM users WHERE id = ?').pluck().get(id) as number | undefined,
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
