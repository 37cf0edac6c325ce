import { isTimeZone } from '../../shared/domain/businessHours';
import { can, type Role } from '../../shared/domain/permissions';
import { businessClock, hourIn, spreadInPlace, zonedDays, type Spread, type ZonedDay } from '../../shared/domain/reportMetrics';
import type { BusinessHours } from '../../shared/domain/workflowTypes';
import type { Db } from '../db/connection';
import { BUCKET, reportQueries, reportRollups, type ReportFilter, type RollupFilter, type Spans } from '../db/reports';
import { businessHours } from '../db/workflows';
import { errors } from '../errors';
import { slaReport } from './sla';

/**
 * The Reports module: each report reads the conversation facts of its range (server/db/reports)
 * and applies the definitions of shared/domain/reportMetrics. `reportScope` decides once what a
 * request may see (agents: their own numbers) and in which days and zone it is counted.
 */

const HOUR = 3_600_000;

export interface ReportScope {
  filter: ReportFilter;
  timeZone: string;
  /** Where the zone came from: the space's business hours, or the browser (the space has none). */
  timeZoneFrom: 'space' | 'browser';
  hours: BusinessHours | null;
  days: ZonedDay[];
  /** id → name of the space's members and channels (a former member reads "Former member"). */
  memberName: (id: string | null) => string;
  channelName: (id: string) => string;
  members: Array<{ id: string; name: string }>;
  channels: Array<{ id: string; name: string }>;
}

export interface ScopeRequest {
  spaceId: string;
  viewer: { userId: string; role: Role };
  from: string;
  to: string;
  timeZone: string;
  channelId?: string | null | undefined;
  memberId?: string | null | undefined;
}

/** What a request may see and how it is counted; refuses another member's numbers to an agent, and ids of other spaces. */
export function reportScope(db: Db, req: ScopeRequest): ReportScope {
  const team = can(req.viewer.role, 'reports.viewTeam');
  if (!team && req.memberId && req.memberId !== req.viewer.userId) throw errors.forbidden('Agents see their own numbers only. Ask an owner or manager for the team’s.');
  const allMembers = reportQueries.members(db, req.spaceId);
  const allChannels = reportQueries.channels(db, req.spaceId);
  if (req.memberId && !allMembers.some((m) => m.id === req.memberId)) throw errors.notFound('This member');
  if (req.channelId && !allChannels.some((c) => c.id === req.channelId)) throw errors.notFound('This channel');
  // Rollups are rebuilt here when stale (never built, facts deleted, or the business hours changed).
  reportRollups.ensure(db, req.spaceId);
  const hours = businessHours.get(db, req.spaceId);
  const zone = hours && isTimeZone(hours.timeZone) ? hours.timeZone : req.timeZone;
  const days = zonedDays(zone, req.from, req.to);
  const names = new Map(allMembers.map((m) => [m.id, m.name]));
  const channelNames = new Map(allChannels.map((c) => [c.id, c.deleted ? `${c.name} (deleted)` : c.name]));
  const members = team ? allMembers : allMembers.filter((m) => m.id === req.viewer.userId);
  return {
    filter: { spaceId: req.spaceId, from: days[0]!.start, to: days.at(-1)!.end, channelId: req.channelId ?? null, memberId: team ? (req.memberId ?? null) : req.viewer.userId },
    timeZone: zone,
    timeZoneFrom: hours ? 'space' : 'browser',
    hours: hours && isTimeZone(hours.timeZone) ? hours : null,
    days,
    memberName: (id) => (id === null ? 'Unassigned' : (names.get(id) ?? 'Former member')),
    channelName: (id) => channelNames.get(id) ?? 'Deleted channel',
    members: members.map(({ id, name }) => ({ id, name })),
    channels: allChannels.filter((c) => !c.deleted).map(({ id, name }) => ({ id, name })),
  };
}

export interface Volume {
  totals: { opened: number; closed: number };
  days: Array<{ date: string; opened: number; closed: number }>;
}

/**
 * The whole rollup buckets [a, b) of the range (UTC hours or days, `size` ms), which the rollups
 * (migration 22) answer; the facts answer the parts of the range outside them (for hours: none in
 * a zone whose offset is whole hours, a half-hour zone's edges; for days: the range's first and
 * last hours before and after UTC midnight). Null when the range holds no whole bucket.
 */
function wholeBuckets(filter: ReportFilter, size: number): [number, number] | null {
  const a = Math.ceil(filter.from / size);
  const b = Math.floor(filter.to / size);
  return a < b ? [a, b] : null;
}

/** The rollups' filter: the channel and member as the rowids the rollups keep (-1: none match). */
function rollupFilter(db: Db, f: ReportFilter): RollupFilter {
  const n = (id: string | null, of: (db: Db, id: string) => number | undefined) => (id === null ? null : (of(db, id) ?? -1));
  return { spaceId: f.spaceId, channelN: n(f.channelId, reportQueries.channelN), memberN: n(f.memberId, reportQueries.userN) };
}

/** Conversations opened (kind 0) or closed (kind 1) in the range's whole hours, as counts before each hour: [first hour, counts]. */
interface Hourly {
  a: number;
  before: Float64Array;
}
function hourly(db: Db, scope: ReportScope, kind: 0 | 1): Hourly | null {
  const whole = wholeBuckets(scope.filter, HOUR);
  if (!whole) return null;
  const [a, b] = whole;
  // Conversations in the whole hours before each hour: a slot's whole hours are a difference.
  const before = new Float64Array(b - a + 1);
  const { buckets, counts } = reportQueries.hourlyCounts(db, rollupFilter(db, scope.filter), kind, a, b);
  buckets.forEach((hour, i) => (before[hour - a + 1] = counts[i]!));
  for (let i = 1; i < before.length; i++) before[i]! += before[i - 1]!;
  return { a, before };
}

/** Conversations opened (kind 0) or closed (kind 1) in each slot (contiguous, inside the range): whole hours from the rollups, the rest from the facts. */
function slotCounts(db: Db, scope: ReportScope, kind: 0 | 1, slots: ReadonlyArray<readonly [number, number]>, hours = hourly(db, scope, kind)): number[] {
  const fromFacts = (parts: ReadonlyArray<readonly [number, number]>) =>
    parts.length === 0 ? [] : kind === 0 ? reportQueries.openedPerSlot(db, scope.filter, parts) : reportQueries.perSlot(db, scope.filter, parts).map((c) => c.closed);
  if (!hours) return fromFacts(slots);
  const { a, before } = hours;
  const b = a + before.length - 1;
  const counts: number[] = [];
  const parts: Array<readonly [number, number]> = [];
  const partOf: number[] = [];
  slots.forEach(([start, end], i) => {
    const sa = Math.max(a, Math.ceil(start / HOUR));
    const sb = Math.min(b, Math.floor(end / HOUR));
    if (sa >= sb) {
      counts.push(0);
      parts.push([start, end]);
      partOf.push(i);
      return;
    }
    counts.push(before[sb - a]! - before[sa - a]!);
    for (const part of [[start, sa * HOUR], [sb * HOUR, end]] as const) {
      if (part[0] >= part[1]) continue;
      parts.push(part);
      partOf.push(i);
    }
  });
  fromFacts(parts).forEach((n, j) => (counts[partOf[j]!]! += n));
  return counts;
}

/** Conversations opened and closed on each day of the range. */
export function volumeReport(db: Db, scope: ReportScope, openedHourly?: Hourly | null): Volume {
  const slots = scope.days.map((d) => [d.start, d.end] as const);
  const opened = slotCounts(db, scope, 0, slots, openedHourly === undefined ? hourly(db, scope, 0) : openedHourly);
  const closed = slotCounts(db, scope, 1, slots);
  const days = scope.days.map((d, i) => ({ date: d.date, opened: opened[i]!, closed: closed[i]! }));
  return { totals: { opened: days.reduce((n, d) => n + d.opened, 0), closed: days.reduce((n, d) => n + d.closed, 0) }, days };
}

export interface Breakdown {
  all: Spread;
  byChannel: Array<Spread & { id: string; name: string }>;
  byAgent: Array<Spread & { id: string | null; name: string }>;
}

/** The durations of facts (a range's edges outside the rollups' whole hours), in calendar or business time. */
function spanValues(scope: ReportScope, times: Spans): { ms: Float64Array; channels: number[]; agents: Array<number | null> } {
  let ms: Float64Array;
  if (!scope.hours) ms = Float64Array.from(JSON.parse(times.durations ?? '[]') as number[]);
  else {
    const starts = JSON.parse(times.starts ?? '[]') as number[];
    const ends = JSON.parse(times.ends ?? '[]') as number[];
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < starts.length; i++) {
      if (starts[i]! < lo) lo = starts[i]!;
      if (ends[i]! > hi) hi = ends[i]!;
    }
    const clock = businessClock(scope.hours, Number.isFinite(lo) ? lo : 0, Number.isFinite(hi) ? hi : 0);
    ms = new Float64Array(starts.length);
    for (let i = 0; i < starts.length; i++) ms[i] = clock.between(starts[i]!, ends[i]!);
  }
  return { ms, channels: JSON.parse(times.channels) as number[], agents: JSON.parse(times.agents) as Array<number | null> };
}

/**
 * Durations (business time when the space has hours: the rollups keep them so) grouped by channel
 * and by agent, each with its count, median and p90: kind 1 resolutions, kind 2 first responses.
 * The whole hours of the range come from the rollups (every duration, not a histogram), its edges
 * outside them from the facts.
 */
function breakdown(db: Db, scope: ReportScope, kind: 2 | 3): Breakdown {
  const facts = (filter: ReportFilter) => (kind === 3 ? reportQueries.resolutions : reportQueries.firstReplies)(db, filter, scope.hours !== null);
  const size = BUCKET[kind];
  const whole = wholeBuckets(scope.filter, size);
  const { from, to } = scope.filter;
  const edge = (a: number, b: number) => (a < b ? spanValues(scope, facts({ ...scope.filter, from: a, to: b })) : null);
  const rows = whole ? reportQueries.rollupDurations(db, rollupFilter(db, scope.filter), kind, whole[0], whole[1]) : [];
  // In time order (the order groups first appear in): the edge before the whole hours, the hours, the edge after.
  const ordered = whole ? [edge(from, whole[0] * size), 'rollups' as const, edge(whole[1] * size, to)] : [edge(from, to)];
  // Sizes first, so each group's values go into one array of the right length (no growing lists).
  const sizes = { channel: new Map<number, number>(), agent: new Map<number | null, number>(), all: 0 };
  const count = (channel: number, agent: number | null, n: number) => {
    sizes.channel.set(channel, (sizes.channel.get(channel) ?? 0) + n);
    sizes.agent.set(agent, (sizes.agent.get(agent) ?? 0) + n);
    sizes.all += n;
  };
  for (const part of ordered) {
    if (part === null) continue;
    if (part === 'rollups') for (const [channel, agent, n] of rows) count(channel, agent || null, n);
    else for (let i = 0; i < part.ms.length; i++) count(part.channels[i]!, part.agents[i] ?? null, 1);
  }
  // A group holding every value (one channel, one agent) has the spread of all of them: no copy.
  type Group = { values: Float64Array; at: number } | null;
  const arrays = <K>(m: Map<K, number>) => new Map<K, Group>([...m].map(([key, n]) => [key, n === sizes.all ? null : { values: new Float64Array(n), at: 0 }]));
  const byChannel = arrays(sizes.channel);
  const byAgent = arrays(sizes.agent);
  const all = { values: new Float64Array(sizes.all), at: 0 };
  const put = (g: Group, values: Float64Array) => {
    if (!g) return;
    g.values.set(values, g.at);
    g.at += values.length;
  };
  for (const part of ordered) {
    if (part === null) continue;
    if (part === 'rollups') {
      const bytes = new Uint8Array(all.values.buffer);
      for (const [channel, agent, n, durations] of rows) {
        // The row's float64 bytes straight into `all`; its groups copy them from there.
        bytes.set(durations.subarray(0, n * 8), all.at * 8);
        const values = all.values.subarray(all.at, all.at + n);
        all.at += n;
        put(byChannel.get(channel) ?? null, values);
        put(byAgent.get(agent || null) ?? null, values);
      }
    } else {
      for (let i = 0; i < part.ms.length; i++) {
        const v = part.ms[i]!;
        const c = byChannel.get(part.channels[i]!);
        const g = byAgent.get(part.agents[i] ?? null);
        if (c) c.values[c.at++] = v;
        if (g) g.values[g.at++] = v;
        all.values[all.at++] = v;
      }
    }
  }
  const channelIds = new Map(reportQueries.channelsByRowid(db, [...byChannel.keys()]).map((c) => [c.n, c.id]));
  const users = new Map(reportQueries.usersByRowid(db, [...byAgent.keys()].filter((k): k is number => k !== null)).map((u) => [u.n, u.id]));
  const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
  const everything = spreadInPlace(all.values);
  const spread = (g: Group) => (g ? spreadInPlace(g.values) : everything);
  return {
    all: everything,
    byChannel: [...byChannel]
      .map(([n, g]) => {
        const id = channelIds.get(n) ?? '';
        return { id, name: scope.channelName(id), ...spread(g) };
      })
      .sort(byName),
    byAgent: [...byAgent]
      .map(([n, g]) => {
        const id = n === null ? null : (users.get(n) ?? null);
        return { id, name: n === null ? 'Unassigned' : scope.memberName(id ?? ''), ...spread(g) };
      })
      .sort(byName),
  };
}

/** First response time of the conversations first answered in the range. */
export const firstResponseReport = (db: Db, scope: ReportScope): Breakdown => breakdown(db, scope, 2);

/** Resolution time of the conversations closed in the range. */
export const resolutionReport = (db: Db, scope: ReportScope): Breakdown => breakdown(db, scope, 3);

/** Closing-note categories of the conversations closed in the range (null: closed without a category). */
export function categoriesReport(db: Db, scope: ReportScope) {
  const whole = wholeBuckets(scope.filter, BUCKET[3]);
  if (!whole) return reportQueries.categories(db, scope.filter);
  return reportQueries.rollupCategories(db, { ...scope.filter, ...rollupFilter(db, scope.filter) }, whole[0], whole[1]);
}

/** Conversations opened per weekday (0 = Sunday) × wall-clock hour, over the range. */
export function heatmapReport(db: Db, scope: ReportScope, openedHourly?: Hourly | null): { counts: number[][] } {
  // One slot per wall-clock hour of each day; a daylight-saving day has 23 or 25 of them.
  const slots: Array<[number, number]> = [];
  const labels: Array<[number, number]> = [];
  for (const day of scope.days) {
    for (let t = day.start; t < day.end; t += HOUR) {
      slots.push([t, Math.min(t + HOUR, day.end)]);
      labels.push([day.weekday, hourIn(scope.timeZone, day, t)]);
    }
  }
  const counts = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  slotCounts(db, scope, 0, slots, openedHourly === undefined ? hourly(db, scope, 0) : openedHourly).forEach((n, i) => {
    const [weekday, hour] = labels[i]!;
    counts[weekday]![hour]! += n;
  });
  return { counts };
}

/** Open conversations per member now (the range does not apply: it is the queue as it stands), unassigned last. */
export function workloadReport(db: Db, scope: ReportScope): Array<{ id: string | null; name: string; open: number }> {
  const open = new Map(reportQueries.workload(db, scope.filter.spaceId, scope.filter.channelId).map((r) => [r.memberId, r.open]));
  const wanted = scope.filter.memberId ? scope.members.filter((m) => m.id === scope.filter.memberId) : scope.members;
  const rows: Array<{ id: string | null; name: string; open: number }> = wanted.map((m) => ({ id: m.id, name: m.name, open: open.get(m.id) ?? 0 }));
  if (!scope.filter.memberId) rows.push({ id: null, name: 'Unassigned', open: open.get(null) ?? 0 });
  return rows;
}

/** Customer satisfaction: the ratings given in the range, 1 to 5, and their average (null: none). */
export function satisfactionReport(db: Db, scope: ReportScope): { count: number; average: number | null; scores: Array<{ score: number; count: number }> } {
  const given = new Map(reportQueries.ratings(db, scope.filter).map((r) => [r.score, r.count]));
  const scores = [5, 4, 3, 2, 1].map((score) => ({ score, count: given.get(score) ?? 0 }));
  const count = scores.reduce((n, s) => n + s.count, 0);
  const average = count ? Math.round((scores.reduce((n, s) => n + s.score * s.count, 0) / count) * 10) / 10 : null;
  return { count, average, scores };
}

/** Every report of the Reports screen, in one answer. */
export function allReports(db: Db, scope: ReportScope) {
  // The day counts and the heatmap read the same hours of opened conversations: once.
  const opened = hourly(db, scope, 0);
  return {
    from: scope.days[0]!.date,
    to: scope.days.at(-1)!.date,
    timeZone: scope.timeZone,
    timeZoneFrom: scope.timeZoneFrom,
    businessHours: scope.hours !== null,
    memberId: scope.filter.memberId,
    channelId: scope.filter.channelId,
    members: scope.members,
    channels: scope.channels,
    volume: volumeReport(db, scope, opened),
    firstResponse: firstResponseReport(db, scope),
    resolution: resolutionReport(db, scope),
    categories: categoriesReport(db, scope),
    heatmap: heatmapReport(db, scope, opened),
    workload: workloadReport(db, scope),
    satisfaction: satisfactionReport(db, scope),
    sla: slaReport(db, scope),
  };
}
export type Reports = ReturnType<typeof allReports>;
