import type { SlaPolicy } from '../../shared/domain/sla';
import type { Db } from './connection';
import type { ConversationRow } from './conversations';

/** SLA policies and each conversation's SLA state (migration 21). */

interface PolicyRow {
  id: string;
  space_id: string;
  name: string;
  position: number;
  enabled: number;
  first_response_min: number | null;
  next_response_min: number | null;
  resolution_min: number | null;
  business_hours: number;
  channel_ids: string;
  tags: string;
  created_at: number;
  updated_at: number;
}

export interface StoredPolicy extends SlaPolicy {
  position: number;
}

function list(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

const policyOf = (r: PolicyRow): StoredPolicy => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled === 1,
  firstResponseMin: r.first_response_min,
  nextResponseMin: r.next_response_min,
  resolutionMin: r.resolution_min,
  businessHours: r.business_hours === 1,
  channelIds: list(r.channel_ids),
  tags: list(r.tags),
});

const columns = (p: SlaPolicy) => ({
  id: p.id,
  name: p.name,
  enabled: p.enabled ? 1 : 0,
  first: p.firstResponseMin,
  next: p.nextResponseMin,
  resolution: p.resolutionMin,
  business: p.businessHours ? 1 : 0,
  channels: JSON.stringify(p.channelIds),
  tags: JSON.stringify(p.tags),
});

export const slaPolicies = {
  /** The space's policies in their order (the first enabled match applies). */
  inSpace: (db: Db, spaceId: string) =>
    (db.prepare('SELECT * FROM sla_policies WHERE space_id = ? ORDER BY position, created_at, id').all(spaceId) as PolicyRow[]).map(policyOf),
  byId: (db: Db, spaceId: string, id: string) => {
    const row = db.prepare('SELECT * FROM sla_policies WHERE space_id = ? AND id = ?').get(spaceId, id) as PolicyRow | undefined;
    return row ? policyOf(row) : undefined;
  },
  count: (db: Db, spaceId: string) => (db.prepare('SELECT count(*) AS n FROM sla_policies WHERE space_id = ?').get(spaceId) as { n: number }).n,
  insert: (db: Db, spaceId: string, p: SlaPolicy, now: number) =>
    db
      .prepare(
        `INSERT INTO sla_policies (id, space_id, name, position, enabled, first_response_min, next_response_min, resolution_min, business_hours, channel_ids, tags, created_at, updated_at)
         VALUES (@id, @space, @name, (SELECT coalesce(max(position), 0) + 1 FROM sla_policies WHERE space_id = @space), @enabled, @first, @next, @resolution, @business, @channels, @tags, @now, @now)`,
      )
      .run({ ...columns(p), space: spaceId, now }),
  update: (db: Db, spaceId: string, p: SlaPolicy, now: number) =>
    db
      .prepare(
        `UPDATE sla_policies SET name = @name, enabled = @enabled, first_response_min = @first, next_response_min = @next, resolution_min = @resolution,
           business_hours = @business, channel_ids = @channels, tags = @tags, updated_at = @now WHERE space_id = @space AND id = @id`,
      )
      .run({ ...columns(p), space: spaceId, now }).changes,
  setPosition: (db: Db, spaceId: string, id: string, position: number) => db.prepare('UPDATE sla_policies SET position = ? WHERE space_id = ? AND id = ?').run(position, spaceId, id),
  remove: (db: Db, spaceId: string, id: string) => db.prepare('DELETE FROM sla_policies WHERE space_id = ? AND id = ?').run(spaceId, id).changes,
};

export interface SlaRow {
  conversation_id: string;
  space_id: string;
  channel_id: string;
  opened_at: number;
  policy_id: string | null;
  first_start: number | null;
  first_due: number | null;
  first_done: number | null;
  first_breached: number | null;
  next_start: number | null;
  next_due: number | null;
  next_breached: number | null;
  next_cycles: number;
  next_breaches: number;
  resolution_due: number | null;
  resolution_done: number | null;
  resolution_breached: number | null;
  shown_target: string | null;
  shown_due: number | null;
  check_at: number | null;
  agent_id: string | null;
  first_met: number | null;
  resolution_met: number | null;
}

export const slaState = {
  of: (db: Db, conversationId: string) => db.prepare('SELECT * FROM sla_conversations WHERE conversation_id = ?').get(conversationId) as SlaRow | undefined,
  /**
   * A conversation's row, created on first need: the first customer message and first reply
   * come from its report facts (migration 18), so a conversation opened before SLAs existed is
   * measured like a new one.
   */
  ensure: (db: Db, conversationId: string) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO sla_conversations (conversation_id, space_id, channel_id, opened_at, first_start, first_done, resolution_done, agent_id)
         SELECT c.id, c.space_id, c.channel_id, c.opened_at, r.first_customer_at, r.first_reply_at, CASE WHEN c.status = 'closed' THEN c.closed_at END, coalesce(c.assignee_id, r.agent_id)
         FROM conversations c LEFT JOIN report_conversations r ON r.conversation_id = c.id WHERE c.id = ?`,
      )
      .run(conversationId),
  save: (db: Db, row: SlaRow) =>
    db
      .prepare(
        `UPDATE sla_conversations SET policy_id = @policy_id, first_start = @first_start, first_due = @first_due, first_done = @first_done, first_breached = @first_breached,
           next_start = @next_start, next_due = @next_due, next_breached = @next_breached, next_cycles = @next_cycles, next_breaches = @next_breaches,
           resolution_due = @resolution_due, resolution_done = @resolution_done, resolution_breached = @resolution_breached,
           shown_target = @shown_target, shown_due = @shown_due, check_at = @check_at, agent_id = @agent_id, first_met = @first_met, resolution_met = @resolution_met
         WHERE conversation_id = @conversation_id`,
      )
      .run(row),
  /** Conversations with an owed target due by `now`, soonest first, through the partial index `sla_check`. */
  due: (db: Db, now: number, limit: number) =>
    db.prepare('SELECT conversation_id, space_id FROM sla_conversations WHERE check_at IS NOT NULL AND check_at <= ? ORDER BY check_at LIMIT ?').all(now, limit) as Array<{
      conversation_id: string;
      space_id: string;
    }>,
};

/** A space's open conversations (snoozed too), through the open-by-assignee index: what a policy change measures again. */
export const openConversationsOf = (db: Db, spaceId: string) =>
  db.prepare("SELECT * FROM conversations INDEXED BY conversations_open_assignee WHERE space_id = ? AND status = 'open'").all(spaceId) as ConversationRow[];

export interface SlaAttainmentRow {
  channelId: string;
  agentId: string | null;
  firstMeasured: number;
  firstMet: number;
  nextMeasured: number;
  nextMet: number;
  resolutionMeasured: number;
  resolutionMet: number;
}

/**
 * SLA attainment of the conversations opened in [from, to) that a policy applied to (rows without
 * one have no outcomes and no waits, so they add nothing), per channel
 * and agent (the member it was last assigned to): for each target, how many were decided (met, or
 * breached) and how many were met. A target still running counts in neither. Each group (the
 * space's channels × its members and "unassigned") is one range of the covering index
 * `sla_report`: the cost is the range's rows plus one seek per group, whatever the history.
 */
export const slaAttainment = (db: Db, f: { spaceId: string; from: number; to: number; channelId: string | null; memberId: string | null }) => {
  const channels = f.channelId ? [f.channelId] : (db.prepare('SELECT id FROM channels WHERE space_id = ?').pluck().all(f.spaceId) as string[]);
  // Former members keep their figures: the agents are whoever the rows name (one index seek per channel and agent).
  const agents = f.memberId ? [f.memberId] : [null, ...(db.prepare('SELECT user_id FROM memberships WHERE space_id = ?').pluck().all(f.spaceId) as string[])];
  const groups = channels.flatMap((c) => agents.map((a) => [c, a]));
  const rows = db
    .prepare(
      `SELECT g.value->>0 AS channelId, g.value->>1 AS agentId,
         (SELECT json_array(count(first_met), coalesce(sum(first_met), 0), coalesce(sum(next_cycles), 0), coalesce(sum(next_cycles - next_breaches), 0), count(resolution_met), coalesce(sum(resolution_met), 0))
          FROM sla_conversations INDEXED BY sla_report
          WHERE space_id = @space AND channel_id = g.value->>0 AND agent_id IS g.value->>1 AND opened_at >= @from AND opened_at < @to) AS sums
       FROM json_each(@groups) g`,
    )
    .all({ space: f.spaceId, from: f.from, to: f.to, groups: JSON.stringify(groups) }) as Array<{ channelId: string; agentId: string | null; sums: string }>;
  return rows
    .map((r) => {
      const [firstMeasured, firstMet, nextMeasured, nextMet, resolutionMeasured, resolutionMet] = JSON.parse(r.sums) as number[];
      return { channelId: r.channelId, agentId: r.agentId, firstMeasured, firstMet, nextMeasured, nextMet, resolutionMeasured, resolutionMet } as SlaAttainmentRow;
    })
    .filter((r) => r.firstMeasured + r.nextMeasured + r.resolutionMeasured > 0);
};
