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
 * REPORTS_DB=<dir> keeps the seeded database there and reuses it on the next run (seeding is most
 * of the run's time). KAON_CPU_PROF=<dir> writes a V8 CPU profile of the timed part only (open it
 * in Chrome DevTools or speedscope) to see where a report's time goes.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { addDays, localDate } from '../shared/domain/reportMetrics';
import type { Role } from '../shared/domain/permissions';
import { openDb, type Db } from '../server/db/connection';
import { backfill } from '../server/db/migrations/018_report_facts';
import { reportRollups } from '../server/db/reports';
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

/** A CPU profile of `fn` written to KAON_CPU_PROF (when set). */
async function profiled(fn: () => void): Promise<void> {
  const out = process.env.KAON_CPU_PROF;
  if (!out) return fn();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    fn();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    const file = join(out, `reports-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`CPU profile: ${file}`);
    session.disconnect();
  }
}

const kept = process.env.REPORTS_DB;
const dir = kept ?? mkdtempSync(join(tmpdir(), 'kaon-bench-reports-'));
try {
  const reuse = kept !== undefined && existsSync(join(dir, 'kaon.db'));
  if (!reuse) emptySpace(dir);
  log(reuse ? `reusing the database in ${dir}` : `seeding ${fmt(MESSAGES)} messages, ${fmt(MESSAGES / 5)} closed conversations`);
  let seeded: { spaceId: string; ownerId: string };
  if (reuse) {
    const db = openDb(dir);
    seeded = db.prepare("SELECT s.id AS spaceId, m.user_id AS ownerId FROM spaces s JOIN memberships m ON m.space_id = s.id AND m.role = 'owner' WHERE s.id = 'bench-space'").get() as typeof seeded;
    db.close();
  } else {
    const made = seedDatabase(dir, { messages: MESSAGES, contacts: Math.round(MESSAGES / 10), closed: Math.round(MESSAGES / 5), longThread: 1000 });
    log(`seeded in ${made.seconds.toFixed(1)} s`);
    seeded = made;
  }
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
  const rebuilds: string[] = [];
  await profiled(() => {
    for (const hours of [null, { timeZone: 'Europe/Berlin', days: { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '17:00']] } }]) {
      db.prepare('UPDATE spaces SET business_hours = ? WHERE id = ?').run(hours ? JSON.stringify(hours) : null, seeded.spaceId);
      // Changed hours make the rollups stale: the first report after rebuilds them (timed here, not in the reports' figures).
      const rebuildStart = performance.now();
      reportRollups.ensure(db, seeded.spaceId);
      rebuilds.push(`${hours ? 'business hours' : 'calendar time'} ${((performance.now() - rebuildStart) / 1000).toFixed(1)} s`);
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
  });
  const rollups = db.prepare('SELECT count(*) FROM report_rollups').pluck().get() as number;
  db.close();
  console.log(
    `\nReports on ${fmt(messages)} messages, ${fmt(facts)} conversations (node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${RUNS} runs each; backfill ${backfillSeconds.toFixed(1)} s; ${fmt(rollups)} rollup rows, rebuilt from the facts in ${rebuilds.join(', ')})\n`,
  );
  console.log('| range | report | p50 | p95 | `SELECT count(*)` of the same rows, p50 | p95 ≤ 200 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const line of lines) console.log(line);
} finally {
  if (!kept) rmSync(dir, { recursive: true, force: true });
}
