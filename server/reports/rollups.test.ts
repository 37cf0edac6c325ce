import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessClock, dayIndex, hourIn, spreadOf, type Spread } from '../../shared/domain/reportMetrics';
import type { BusinessHours } from '../../shared/domain/workflowTypes';
import { openDb, type Db } from '../db/connection';
import { reportFacts, reportRollups } from '../db/reports';
import { businessHours } from '../db/workflows';
import { plansOf } from '../testing/queryPlans';
import { prng } from '../testing/random';
import { allReports, reportScope, type ReportScope } from './reports';

/**
 * The rollups of migration 22 change how a report is computed, never its numbers: conversations
 * written through the facts' hooks (assigned, closed, reopened and closed again, answered by a
 * workflow first) keep the rollups equal to a rebuild from the facts, and every report over
 * them equals the same report computed from the facts alone, in whole-hour, half-hour and
 * 45-minute zones, across a daylight-saving change, with and without business hours and filters.
 */

const H = 3_600_000;
const M = 60_000;
const START = Date.UTC(2030, 2, 1); // 2030-03-01: the range crosses the US (10 March) and EU (31 March) changes
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const USERS = ['u-alice', 'u-bob', 'u-carol'];
const CHANNELS = ['ch-web', 'ch-mail'];
const CATEGORIES = [null, 'Billing', 'Bug'];
const HOURS: BusinessHours = { timeZone: 'Europe/Berlin', days: { 1: [['09:00', '12:00'], ['13:00', '17:30']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '15:00']] } };

function freshSpace(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-rollups-'));
  dirs.push(dir);
  const db = openDb(dir);
  db.exec(`
    INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u-alice', 'a@x', 'Alice', '', 0), ('u-bob', 'b@x', 'Bob', '', 0), ('u-carol', 'c@x', 'Carol', '', 0);
    INSERT INTO spaces (id, name, created_at) VALUES ('space-1', 'Acme', 0);
    INSERT INTO memberships (space_id, user_id, role, created_at) VALUES ('space-1', 'u-alice', 'owner', 0), ('space-1', 'u-bob', 'agent', 0), ('space-1', 'u-carol', 'agent', 0);
    INSERT INTO channels (id, space_id, kind, name, created_at) VALUES ('ch-web', 'space-1', 'webchat', 'Website', 0), ('ch-mail', 'space-1', 'email', 'Mail', 0);
  `);
  return db;
}

/** `count` conversations over 20 days through the hooks the conversation core calls, in one transaction each as the core does. */
function traffic(db: Db, count: number, seed: number, prefix: string) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    const opened = START + Math.floor(rand() * 20 * 24 * H);
    const assignee = rand() < 0.3 ? null : pick(USERS);
    db.transaction(() => {
      db.prepare("INSERT INTO contacts (id, space_id, name, created_at) VALUES (?, 'space-1', 'Customer', 0)").run(`ct-${id}`);
      db.prepare(
        "INSERT INTO conversations (id, space_id, contact_id, channel_id, status, assignee_id, opened_at, last_message_at) VALUES (?, 'space-1', ?, ?, 'closed', ?, ?, ?)",
      ).run(id, `ct-${id}`, pick(CHANNELS), assignee, opened, opened);
      reportFacts.opened(db, id);
    })();
    let at = opened;
    const step = () => (at += Math.floor(rand() * 5 * H) + M);
    const say = (direction: 'in' | 'out', author: string | null) => db.transaction(() => reportFacts.messageStored(db, { conversation_id: id, direction, author_id: author, created_at: step() }))();
    if (rand() < 0.2) say('out', pick(USERS)); // an agent wrote first
    if (rand() < 0.9) say('in', null);
    if (rand() < 0.3) say('out', null); // a workflow's auto-reply
    if (rand() < 0.8) say('out', pick(USERS));
    if (rand() < 0.5) say('in', null);
    if (rand() < 0.3) db.transaction(() => reportFacts.changed(db, id, pick(USERS), null))();
    if (rand() < 0.75) {
      db.transaction(() => reportFacts.changed(db, id, null, { at: step(), category: pick(CATEGORIES) }))();
      // Reopened, given to someone else and closed again: the agent, close time and category move.
      if (rand() < 0.2) {
        db.transaction(() => reportFacts.changed(db, id, pick(USERS), null))();
        db.transaction(() => reportFacts.changed(db, id, null, { at: step(), category: pick(CATEGORIES) }))();
      }
    }
  }
}

/** The rollups as comparable rows (each row's durations sorted: their order is not part of their meaning). */
interface RollupRow {
  kind: number;
  bucket: number;
  channel_n: number;
  agent_n: number;
  category: string;
  n: number;
  durations: Buffer | null;
}
const rollups = (db: Db) =>
  (db.prepare('SELECT kind, bucket, channel_n, agent_n, category, n, durations FROM report_rollups ORDER BY kind, bucket, channel_n, agent_n, category').all() as RollupRow[]).map((r) => ({
    ...r,
    durations: r.durations ? Array.from(new Float64Array(Uint8Array.from(r.durations).buffer)).sort((a, b) => a - b) : null,
  }));

function rebuilt(db: Db) {
  db.prepare('DELETE FROM report_rollup_state').run();
  expect(reportRollups.ensure(db, 'space-1')).toBe(true);
  return rollups(db);
}

describe('rollups kept by the facts’ hooks', () => {
  it('equal a rebuild from the facts, in calendar time and in business time', () => {
    const db = freshSpace();
    try {
      expect(reportRollups.ensure(db, 'space-1')).toBe(true); // an empty space: valid, empty rollups
      expect(reportRollups.ensure(db, 'space-1')).toBe(false);
      traffic(db, 300, 1, 'a');
      const kept = rollups(db);
      expect(kept.length).toBeGreaterThan(100);
      expect(kept.reduce((n, r) => n + (r.kind === 0 ? r.n : 0), 0)).toBe(300);
      expect(rebuilt(db)).toEqual(kept);

      businessHours.set(db, 'space-1', HOURS);
      expect(reportRollups.current(db, 'space-1')).toBeUndefined(); // other hours: stale until rebuilt
      expect(reportRollups.ensure(db, 'space-1')).toBe(true);
      const calendar = kept.filter((r) => r.kind === 3).flatMap((r) => r.durations ?? []);
      const business = rollups(db).filter((r) => r.kind === 3).flatMap((r) => r.durations ?? []);
      expect(business.reduce((a, b) => a + b, 0)).toBeLessThan(calendar.reduce((a, b) => a + b, 0));
      traffic(db, 200, 2, 'b');
      const keptBusiness = rollups(db);
      expect(rebuilt(db)).toEqual(keptBusiness);
    } finally {
      db.close();
    }
  });

  it('stale rollups are left alone by writes and rebuilt before the next report; deleting facts makes them stale', () => {
    const db = freshSpace();
    try {
      traffic(db, 40, 3, 'c'); // never built: the writes add nothing
      expect(db.prepare('SELECT count(*) FROM report_rollups').pluck().get()).toBe(0);
      reportScope(db, { spaceId: 'space-1', viewer: { userId: 'u-alice', role: 'owner' }, from: '2030-03-01', to: '2030-03-31', timeZone: 'UTC' });
      expect(reportRollups.current(db, 'space-1')).toEqual({ hours: null, text: '' });
      const built = rollups(db);
      expect(built.length).toBeGreaterThan(0);
      db.prepare("DELETE FROM conversations WHERE id = 'c-0'").run();
      expect(reportRollups.current(db, 'space-1')).toBeUndefined();
      expect(reportRollups.ensure(db, 'space-1')).toBe(true);
      expect(rollups(db).reduce((n, r) => n + (r.kind === 0 ? r.n : 0), 0)).toBe(39);
    } finally {
      db.close();
    }
  });
});

describe('bad stored hours', () => {
  it('hours that do not parse or name no real zone count as calendar time, and a message is still stored', () => {
    for (const stored of ['{not json', JSON.stringify({ timeZone: 'Mars/Olympus', days: {} }), 'null']) {
      const db = freshSpace();
      try {
        db.prepare("UPDATE spaces SET business_hours = ? WHERE id = 'space-1'").run(stored);
        expect(reportRollups.ensure(db, 'space-1')).toBe(true);
        expect(reportRollups.current(db, 'space-1')).toEqual({ hours: null, text: stored });
        expect(() => traffic(db, 30, 11, 'h')).not.toThrow();
        const kept = rollups(db);
        expect(kept.some((r) => r.kind === 3)).toBe(true);
        expect(rebuilt(db)).toEqual(kept);
      } finally {
        db.close();
      }
    }
  });
});

interface Fact {
  conversation_id: string;
  channel_id: string;
  opened_at: number;
  agent_id: string | null;
  first_customer_at: number | null;
  first_reply_at: number | null;
  first_reply_by: string | null;
  closed_at: number | null;
  closing_category: string | null;
}

/** The reports computed from the facts alone, by the definitions of shared/domain/reportMetrics (the way they were computed before the rollups). */
function fromFacts(db: Db, scope: ReportScope) {
  const f = scope.filter;
  const facts = (db.prepare("SELECT * FROM report_conversations WHERE space_id = 'space-1'").all() as Fact[]).filter((c) => f.channelId === null || c.channel_id === f.channelId);
  const byAgent = (agent: string | null) => f.memberId === null || agent === f.memberId;
  const inRange = (t: number | null): t is number => t !== null && t >= f.from && t < f.to;
  const days = scope.days;
  const opened = facts.filter((c) => byAgent(c.agent_id) && inRange(c.opened_at));
  const closed = facts.filter((c) => byAgent(c.agent_id) && inRange(c.closed_at));
  const replied = facts.filter((c) => byAgent(c.first_reply_by) && inRange(c.first_reply_at));
  const perDay = (times: number[]) => {
    const counts = days.map(() => 0);
    for (const t of times) counts[dayIndex(days, t)]!++;
    return counts;
  };
  const openedPerDay = perDay(opened.map((c) => c.opened_at));
  const closedPerDay = perDay(closed.map((c) => c.closed_at!));
  const spread = (pairs: Array<[number, number]>, key: (i: number) => string) => {
    const lo = Math.min(...pairs.map((p) => p[0]));
    const hi = Math.max(...pairs.map((p) => p[1]));
    const clock = scope.hours ? businessClock(scope.hours, lo, hi) : null;
    const ms = pairs.map(([a, b]) => (clock ? clock.between(a, b) : b - a));
    const groups = new Map<string, number[]>();
    ms.forEach((v, i) => groups.set(key(i), [...(groups.get(key(i)) ?? []), v]));
    return { all: spreadOf(ms), groups: Object.fromEntries([...groups].map(([k, v]) => [k, spreadOf(v)])) };
  };
  const heat = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const c of opened) {
    const day = days[dayIndex(days, c.opened_at)]!;
    heat[day.weekday]![hourIn(scope.timeZone, day, c.opened_at)]!++;
  }
  const categories = new Map<string | null, number>();
  for (const c of closed) categories.set(c.closing_category, (categories.get(c.closing_category) ?? 0) + 1);
  return {
    volume: days.map((d, i) => ({ date: d.date, opened: openedPerDay[i]!, closed: closedPerDay[i]! })),
    firstResponse: {
      byChannel: spread(replied.map((c) => [c.first_customer_at!, c.first_reply_at!]), (i) => replied[i]!.channel_id),
      byAgent: spread(replied.map((c) => [c.first_customer_at!, c.first_reply_at!]), (i) => replied[i]!.first_reply_by ?? 'null'),
    },
    resolution: {
      byChannel: spread(closed.map((c) => [c.opened_at, c.closed_at!]), (i) => closed[i]!.channel_id),
      byAgent: spread(closed.map((c) => [c.opened_at, c.closed_at!]), (i) => closed[i]!.agent_id ?? 'null'),
    },
    categories: [...categories].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || (a.category === null ? -1 : b.category === null ? 1 : a.category < b.category ? -1 : 1)),
    heatmap: heat,
  };
}

const groups = (rows: Array<Spread & { id: string | null }>) => Object.fromEntries(rows.map(({ id, count, median, p90 }) => [id ?? 'null', { count, median, p90 }]));

describe('reports over the rollups equal the reports from the facts alone', () => {
  let db: Db;
  beforeAll(() => {
    db = freshSpace();
    reportRollups.ensure(db, 'space-1');
    traffic(db, 1500, 7, 'r');
  });
  afterAll(() => db.close());

  const cases: Array<[string, { timeZone: string; from: string; to: string; channelId?: string; memberId?: string; hours?: boolean }]> = [
    ['UTC, whole days', { timeZone: 'UTC', from: '2030-03-01', to: '2030-03-25' }],
    ['New York across its spring-forward day', { timeZone: 'America/New_York', from: '2030-03-03', to: '2030-03-14' }],
    ['Kolkata (+05:30: every day starts mid-hour)', { timeZone: 'Asia/Kolkata', from: '2030-03-02', to: '2030-03-18' }],
    ['Kathmandu (+05:45), one channel', { timeZone: 'Asia/Kathmandu', from: '2030-03-01', to: '2030-03-21', channelId: 'ch-mail' }],
    ['Berlin, one member', { timeZone: 'Europe/Berlin', from: '2030-03-04', to: '2030-03-20', memberId: 'u-bob' }],
    ['a single day', { timeZone: 'Australia/Adelaide', from: '2030-03-09', to: '2030-03-09' }],
    ['business hours (Berlin, the space’s zone)', { timeZone: 'Asia/Kolkata', from: '2030-03-01', to: '2030-03-22', hours: true }],
    ['business hours, one channel and member', { timeZone: 'UTC', from: '2030-03-05', to: '2030-03-19', channelId: 'ch-web', memberId: 'u-carol', hours: true }],
  ];
  it.each(cases)('%s', (_what, c) => {
    businessHours.set(db, 'space-1', c.hours ? HOURS : null);
    const scope = reportScope(db, { spaceId: 'space-1', viewer: { userId: 'u-alice', role: 'owner' }, from: c.from, to: c.to, timeZone: c.timeZone, channelId: c.channelId ?? null, memberId: c.memberId ?? null });
    expect(scope.hours !== null).toBe(c.hours === true);
    const got = allReports(db, scope);
    const want = fromFacts(db, scope);
    expect(got.volume.days).toEqual(want.volume);
    expect(got.volume.totals.opened).toBeGreaterThan(0);
    expect(got.heatmap.counts).toEqual(want.heatmap);
    expect(got.categories).toEqual(want.categories);
    expect(got.firstResponse.all).toEqual(want.firstResponse.byChannel.all);
    expect(groups(got.firstResponse.byChannel)).toEqual(want.firstResponse.byChannel.groups);
    expect(groups(got.firstResponse.byAgent)).toEqual(want.firstResponse.byAgent.groups);
    expect(got.resolution.all).toEqual(want.resolution.byChannel.all);
    expect(got.resolution.all.count).toBeGreaterThan(0);
    expect(groups(got.resolution.byChannel)).toEqual(want.resolution.byChannel.groups);
    expect(groups(got.resolution.byAgent)).toEqual(want.resolution.byAgent.groups);
  });
});

describe('the rollups’ queries read one primary-key range each', () => {
  it('reports read report_rollups by (space, kind, bucket); writes find one row by its whole key', () => {
    const db = freshSpace();
    try {
      reportRollups.ensure(db, 'space-1');
      traffic(db, 5, 9, 'p');
      const scope = reportScope(db, { spaceId: 'space-1', viewer: { userId: 'u-alice', role: 'owner' }, from: '2030-03-01', to: '2030-03-31', timeZone: 'UTC', channelId: 'ch-web', memberId: 'u-bob' });
      const plans = plansOf(db, (d) => allReports(d, scope)).flatMap((p) => p.split(' | '));
      const reads = plans.filter((p) => p.includes('report_rollups'));
      expect(reads.length).toBeGreaterThanOrEqual(4);
      for (const p of reads) expect(p).toMatch(/^SEARCH report_rollups USING PRIMARY KEY \(space_id=\? AND kind=\? AND bucket>\? AND bucket<\?\)$/);
      // The range's edges outside the rollups read the facts through their covering indexes.
      const edges = plans.filter((p) => p.includes('report_conversations'));
      expect(edges.length).toBeGreaterThan(0);
      for (const p of edges) expect(p).toMatch(/^SEARCH report_conversations USING COVERING INDEX report_\w+ \(space_id=\? AND \w+>\? AND \w+<\?\)$/);
      const writes = plansOf(db, (d) => traffic(d, 3, 10, 'q'))
        .flatMap((p) => p.split(' | '))
        .filter((p) => p.includes('report_rollups'));
      expect(writes.length).toBeGreaterThan(0);
      for (const p of writes) expect(p).toMatch(/^SEARCH report_rollups USING PRIMARY KEY \(space_id=\? AND kind=\? AND bucket=\? AND channel_n=\? AND agent_n=\? AND category=\?\)$/);
    } finally {
      db.close();
    }
  });
});
