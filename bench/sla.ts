/**
 * Benchmark (not a test), issue #16: the SLA attainment report on a year of conversations.
 * Seeds CONVERSATIONS (200,000: the closed conversations of a 1M-message database) spread over a
 * year, each with its report facts and SLA row (first response met or breached, next-response
 * waits, resolution), three agents and two channels, then times the report (server/reports/sla.ts,
 * in-process on the same SQLite file the server would open) for the last 7, 30 and 366 days,
 * beside a plain `SELECT count(*)` over the same rows in the same run.
 *
 *   npm run bench:sla
 *   CONVERSATIONS=20000 npm run bench:sla      (a quick run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, localDate } from '../shared/domain/reportMetrics';
import { openDb } from '../server/db/connection';
import { reportScope } from '../server/reports/reports';
import { slaReport } from '../server/reports/sla';
import { fmt, summarize } from './lib';

const CONVERSATIONS = Number(process.env.CONVERSATIONS ?? 200_000);
const RUNS = Number(process.env.RUNS ?? 30);
const DAY = 86_400_000;
const now = Date.now();

const time = (fn: () => unknown) => {
  const values: number[] = [];
  fn();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    values.push(performance.now() - start);
  }
  return summarize(values);
};

const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-sla-'));
try {
  const db = openDb(dir);
  db.exec(`
    INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u0', 'a@example.com', 'Ana', 'x', 0), ('u1', 'b@example.com', 'Ben', 'x', 0), ('u2', 'c@example.com', 'Cy', 'x', 0);
    INSERT INTO spaces (id, name, created_at) VALUES ('bench-space', 'Bench', 0);
    INSERT INTO memberships (space_id, user_id, role, created_at) VALUES ('bench-space', 'u0', 'owner', 0), ('bench-space', 'u1', 'agent', 0), ('bench-space', 'u2', 'agent', 0);
    INSERT INTO channels (id, space_id, kind, name, public_key, created_at) VALUES ('ch0', 'bench-space', 'webchat', 'Website', 'bench-key-0000000000', 0), ('ch1', 'bench-space', 'webchat', 'Shop', 'bench-key-0000000001', 0);
    INSERT INTO contacts (id, space_id, name, created_at) VALUES ('contact', 'bench-space', 'Someone', 0);
    INSERT INTO sla_policies (id, space_id, name, position, first_response_min, next_response_min, resolution_min, created_at, updated_at) VALUES ('p', 'bench-space', 'Standard', 1, 15, 10, 480, 0, 0);
  `);
  const started = performance.now();
  db.transaction(() => {
    const params = { n: CONVERSATIONS, now, year: 365 * DAY };
    db.prepare(
      `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < @n)
       INSERT INTO conversations (id, space_id, contact_id, channel_id, status, assignee_id, version, opened_at, closed_at, last_message_at, last_preview)
       SELECT 'c' || i, 'bench-space', 'contact', 'ch' || (i % 2), 'closed', NULL, 2, @now - @year + i * (@year / @n), @now - @year + i * (@year / @n) + 3600000, @now - @year + i * (@year / @n), '' FROM k`,
    ).run(params);
    db.prepare(
      `INSERT INTO report_conversations (conversation_id, space_id, channel_id, opened_at, agent_id, first_customer_at, first_reply_at, first_reply_by, closed_at, channel_n, agent_n)
       SELECT c.id, c.space_id, c.channel_id, c.opened_at, 'u' || (c.rowid % 3), c.opened_at, c.opened_at + (c.rowid % 30) * 60000, 'u' || (c.rowid % 3), c.closed_at,
         (SELECT rowid FROM channels WHERE id = c.channel_id), (SELECT rowid FROM users WHERE id = 'u' || (c.rowid % 3)) FROM conversations c`,
    ).run();
    db.prepare(
      `INSERT INTO sla_conversations (conversation_id, space_id, channel_id, opened_at, policy_id, agent_id, first_start, first_due, first_done, first_breached, first_met, next_cycles, next_breaches, resolution_due, resolution_done, resolution_breached, resolution_met)
       SELECT r.conversation_id, r.space_id, r.channel_id, r.opened_at, 'p', r.agent_id, r.first_customer_at, r.first_customer_at + 900000, r.first_reply_at,
         CASE WHEN r.first_reply_at > r.first_customer_at + 900000 THEN r.first_customer_at + 900000 END, r.first_reply_at <= r.first_customer_at + 900000,
         abs(random()) % 3, abs(random()) % 2, r.opened_at + 28800000, r.closed_at, NULL, 1
       FROM report_conversations r`,
    ).run();
  })();
  db.exec('ANALYZE');
  console.log(`seeded ${fmt(CONVERSATIONS)} conversations in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const today = localDate('UTC', now);
  console.log(`SLA attainment report, ${fmt(CONVERSATIONS)} conversations over a year (${RUNS} runs each; ms p50 / p95)`);
  for (const days of [7, 30, 366]) {
    const scope = reportScope(db, { spaceId: 'bench-space', viewer: { userId: 'u0', role: 'owner' }, from: addDays(today, 1 - days), to: today, timeZone: 'UTC' });
    const count = db.prepare('SELECT count(*) FROM sla_conversations WHERE space_id = ? AND opened_at >= ? AND opened_at < ?').pluck();
    const rows = count.get('bench-space', scope.filter.from, scope.filter.to) as number;
    const report = time(() => slaReport(db, scope));
    const baseline = time(() => count.get('bench-space', scope.filter.from, scope.filter.to));
    console.log(`  last ${String(days).padStart(3)} days (${fmt(rows)} conversations): report ${report.p50.toFixed(1)} / ${report.p95.toFixed(1)} ms; SELECT count(*) ${baseline.p50.toFixed(1)} / ${baseline.p95.toFixed(1)} ms`);
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
