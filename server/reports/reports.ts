import { isTimeZone } from '../../shared/domain/businessHours';
import { can, type Role } from '../../shared/domain/permissions';
import { businessClock, hourIn, spreadInPlace, zonedDays, type Spread, type ZonedDay } from '../../shared/domain/reportMetrics';
import type { BusinessHours } from '../../shared/domain/workflowTypes';
import type { Db } from '../db/connection';
import { reportQueries, type ReportFilter, type Spans } from '../db/reports';
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

/** Conversations opened and closed on each day of the range. */
export function volumeReport(db: Db, scope: ReportScope): Volume {
  const counts = reportQueries.perSlot(db, scope.filter, scope.days.map((d) => [d.start, d.end] as const));
  const days = scope.days.map((d, i) => ({ date: d.date, opened: counts[i]!.opened, closed: counts[i]!.closed }));
  return { totals: { opened: days.reduce((n, d) => n + d.opened, 0), closed: days.reduce((n, d) => n + d.closed, 0) }, days };
}

export interface Breakdown {
  all: Spread;
  byChannel: Array<Spread & { id: string; name: string }>;
  byAgent: Array<Spread & { id: string | null; name: string }>;
}

/** Durations (business time when the space has hours) grouped by channel and by agent, each with its count, median and p90. */
function breakdown(db: Db, scope: ReportScope, times: Spans): Breakdown {
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
  // Group by the small rowids into arrays sized by a first counting pass (no growing lists, no copies).
  const group = (keys: ReadonlyArray<number | null>) => {
    const counts = new Map<number | null, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    const groups = new Map<number | null, { values: Float64Array; at: number }>([...counts].map(([key, n]) => [key, { values: new Float64Array(n), at: 0 }]));
    keys.forEach((key, i) => {
      const g = groups.get(key)!;
      g.values[g.at++] = ms[i]!;
    });
    return new Map([...groups].map(([key, g]) => [key, spreadInPlace(g.values)]));
  };
  const byChannel = group(JSON.parse(times.channels) as number[]);
  const byAgent = group(JSON.parse(times.agents) as Array<number | null>);
  const channelIds = new Map(reportQueries.channelsByRowid(db, [...byChannel.keys()].filter((k): k is number => k !== null)).map((c) => [c.n, c.id]));
  const users = new Map(reportQueries.usersByRowid(db, [...byAgent.keys()].filter((k): k is number => k !== null)).map((u) => [u.n, u.id]));
  const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
  return {
    // Last: the groups above read `ms` in its order; this rearranges it.
    all: spreadInPlace(ms),
    byChannel: [...byChannel]
      .map(([n, spread]) => {
        const id = (n !== null && channelIds.get(n)) || '';
        return { id, name: scope.channelName(id), ...spread };
      })
      .sort(byName),
    byAgent: [...byAgent]
      .map(([n, spread]) => {
        const id = n === null ? null : (users.get(n) ?? null);
        return { id, name: n === null ? 'Unassigned' : scope.memberName(id ?? ''), ...spread };
      })
      .sort(byName),
  };
}

/** First response time of the conversations first answered in the range. */
export const firstResponseReport = (db: Db, scope: ReportScope): Breakdown => breakdown(db, scope, reportQueries.firstReplies(db, scope.filter, scope.hours !== null));

/** Resolution time of the conversations closed in the range. */
export const resolutionReport = (db: Db, scope: ReportScope): Breakdown => breakdown(db, scope, reportQueries.resolutions(db, scope.filter, scope.hours !== null));

/** Closing-note categories of the conversations closed in the range (null: closed without a category). */
export const categoriesReport = (db: Db, scope: ReportScope) => reportQueries.categories(db, scope.filter);

/** Conversations opened per weekday (0 = Sunday) × wall-clock hour, over the range. */
export function heatmapReport(db: Db, scope: ReportScope): { counts: number[][] } {
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
  reportQueries.openedPerSlot(db, scope.filter, slots).forEach((n, i) => {
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
    volume: volumeReport(db, scope),
    firstResponse: firstResponseReport(db, scope),
    resolution: resolutionReport(db, scope),
    categories: categoriesReport(db, scope),
    heatmap: heatmapReport(db, scope),
    workload: workloadReport(db, scope),
    satisfaction: satisfactionReport(db, scope),
    sla: slaReport(db, scope),
  };
}
export type Reports = ReturnType<typeof allReports>;
