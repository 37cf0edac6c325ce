/**
 * Benchmark (not a test), issue #16: every report of the Reports module on a year of traffic.
 * Seeds 1M messages in 200k closed conversations with bench/scale/seed.ts (the same seeding as
 * `npm run bench:scale`), backfills the report facts as migration 18 does on an existing database,
 * then times each report (server/reports/reports.ts, in-process on the same SQLite file the server
 * would open) for the last 7, 30 and 366 days, with and without business hours, beside a plain
 * `SELECT count(*)` over the same rows (the range's conversations) in the same run.
 *
 *   npm run bench:reports
 *   SCALE_MESSAGES=100000 npm run bench:reports      (a quick run)
 *
 * Sizes: SCALE_MESSAGES (1,000,000; closed conversations a fifth of it), RUNS (30 per figure).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { addDays, localDate } from '../shared/domain/reportMetrics';
import type { Role } from '../shared/domain/permissions';
import { openDb, type Db } from '../server/db/connection';
import { backfill } from '../server/db/migrations/018_report_facts';
import { allReports, categoriesReport, firstResponseReport, heatmapReport, reportScope, resolutionReport, volumeReport, workloadReport, type ReportScope } from '../server/reports/reports';
import { fmt, summarize } from './lib';
import { seedDatabase } from './scale/seed';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MESSAGES = env('SCALE_MESSAGES', 1_000_000);
const RUNS = env('RUNS', 30);
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** A database with one space, its owner and its website chat, as setup.create leaves it. */
function emptySpace(dir: string): void {
  const db = openDb(dir);
  db.exec(`
    INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('bench-owner', 'owner@example.com', 'Bench Owner', 'x', 0);
    INSERT INTO spaces (id, name, created_at) VALUES ('bench-space', 'Bench', 0);
    INSERT INTO memberships (space_id, user_id, role, created_at) VALUES ('bench-space', 'bench-owner', 'owner', 0);
    INSERT INTO channels (id, space_id, kind, name, public_key, created_at) VALUES ('bench-channel', 'bench-space', 'webchat', 'Website', 'bench-key-0000000000', 0);
  `);
  db.close();
}

const time = (fn: () => unknown) => {
  const values: number[] = [];
  fn(); // warm the statement cache and the page cache
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    values.push(performance.now() - start);
  }
  return summarize(values);
};

const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-reports-'));
try {
  emptySpace(dir);
  log(`seeding ${fmt(MESSAGES)} messages, ${fmt(MESSAGES / 5)} closed conversations`);
  const seeded = seedDatabase(dir, { messages: MESSAGES, contacts: Math.round(MESSAGES / 10), closed: Math.round(MESSAGES / 5), longThread: 1000 });
  log(`seeded in ${seeded.seconds.toFixed(1)} s`);
  const db: Db = openDb(dir);
  const started = performance.now();
  db.exec(`DELETE FROM report_conversations; ${backfill}`);
  const backfillSeconds = (performance.now() - started) / 1000;
  db.exec('ANALYZE');
  const facts = db.prepare('SELECT count(*) FROM report_conversations').pluck().get() as number;
  const messages = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  log(`backfilled ${fmt(facts)} conversations in ${backfillSeconds.toFixed(1)} s`);

  const today = localDate('UTC', Date.now());
  const viewer = { userId: seeded.ownerId, role: 'owner' as Role };
  const ranges = [
    ['last 7 days', addDays(today, -6)],
    ['last 30 days', addDays(today, -29)],
    ['last 366 days', addDays(today, -365)],
  ] as const;
  const reports: Array<[string, (d: Db, s: ReportScope) => unknown]> = [
    ['opened and closed per day', volumeReport],
    ['first response time', firstResponseReport],
    ['resolution time', resolutionReport],
    ['closing-note categories', categoriesReport],
    ['busiest hours (heatmap)', heatmapReport],
    ['open workload', workloadReport],
    ['all of them (reports.summary)', allReports],
  ];
  const lines: string[] = [];
  for (const hours of [null, { timeZone: 'Europe/Berlin', days: { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '17:00']] } }]) {
    db.prepare('UPDATE spaces SET business_hours = ? WHERE id = ?').run(hours ? JSON.stringify(hours) : null, seeded.spaceId);
    for (const [label, from] of ranges) {
      const scope = reportScope(db, { spaceId: seeded.spaceId, viewer, from, to: today, timeZone: 'Europe/Berlin' });
      const rows = db.prepare('SELECT count(*) FROM report_conversations WHERE space_id = ? AND opened_at >= ? AND opened_at < ?').pluck();
      const inRange = rows.get(seeded.spaceId, scope.filter.from, scope.filter.to) as number;
      const baseline = time(() => rows.get(seeded.spaceId, scope.filter.from, scope.filter.to));
      const range = `${label}${hours ? ', business hours' : ''} (${fmt(inRange)} conversations)`;
      for (const [name, fn] of reports) {
        const t = time(() => fn(db, scope));
        lines.push(`| ${range} | ${name} | ${fmt(t.p50, 1)} ms | ${fmt(t.p95, 1)} ms | ${fmt(baseline.p50, 2)} ms | ${t.p95 <= 200 ? '✓' : '✗'} |`);
      }
    }
  }
  db.close();
  console.log(`\nReports on ${fmt(messages)} messages, ${fmt(facts)} conversations (node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${RUNS} runs each; backfill ${backfillSeconds.toFixed(1)} s)\n`);
  console.log('| range | report | p50 | p95 | `SELECT count(*)` of the same rows, p50 | p95 ≤ 200 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const line of lines) console.log(line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
