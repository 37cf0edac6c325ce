import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plansOf as plansFor } from '../testing/queryPlans';
import { openDb, type Db } from './connection';
import { MIGRATIONS } from './migrations';
import { reportFacts, reportQueries, type ReportFilter } from './reports';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-reports-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A space with two members, a channel and a contact, written as the schema before migration 18 holds them. */
function seedSpace(db: Db) {
  db.exec(`
    INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u-alice', 'a@x', 'Alice', '', 0), ('u-bob', 'b@x', 'Bob', '', 0);
    INSERT INTO spaces (id, name, created_at) VALUES ('space-1', 'Acme', 0);
    INSERT INTO memberships (space_id, user_id, role, created_at) VALUES ('space-1', 'u-alice', 'agent', 0), ('space-1', 'u-bob', 'agent', 0);
    INSERT INTO channels (id, space_id, kind, name, created_at) VALUES ('ch-1', 'space-1', 'webchat', 'Website', 0);
    INSERT INTO contacts (id, space_id, name, created_at) VALUES ('ct-1', 'space-1', 'Carla', 0), ('ct-2', 'space-1', 'Dan', 0), ('ct-3', 'space-1', 'Eve', 0);
  `);
}
const conv = (db: Db, id: string, contact: string, status: string, assignee: string | null, opened: number, closed: number | null, closedBy: string | null, category: string | null) =>
  db
    .prepare(
      `INSERT INTO conversations (id, space_id, contact_id, channel_id, status, assignee_id, opened_at, closed_at, closed_by, closing_category, last_message_at) VALUES (?, 'space-1', ?, 'ch-1', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, contact, status, assignee, opened, closed, closedBy, category, opened);
const msg = (db: Db, id: string, convId: string, direction: 'in' | 'out', author: string | null, at: number) =>
  db
    .prepare(`INSERT INTO messages (id, space_id, conversation_id, direction, author_id, body, status, created_at) VALUES (?, 'space-1', ?, ?, ?, 'x', ?, ?)`)
    .run(id, convId, direction, author, direction === 'in' ? 'received' : 'sent', at);
const facts = (db: Db, id: string) => db.prepare('SELECT * FROM report_conversations WHERE conversation_id = ?').get(id);

describe('migration 18 backfills the facts of conversations already stored', () => {
  it('first customer message, first member reply after it (not a workflow’s), agent and close', () => {
    const dir = fresh();
    let db = openDb(dir, MIGRATIONS.filter((m) => m.version < 18));
    seedSpace(db);
    // 1: a workflow auto-reply (no author) comes first; Alice's reply is the first response. Closed by Bob while unassigned.
    conv(db, 'c1', 'ct-1', 'closed', null, 1000, 9000, 'u-bob', 'Billing');
    msg(db, 'm1', 'c1', 'in', null, 1000);
    msg(db, 'm2', 'c1', 'out', null, 1001);
    msg(db, 'm3', 'c1', 'out', 'u-alice', 4000);
    msg(db, 'm4', 'c1', 'out', 'u-bob', 5000);
    // 2: Bob wrote first (opened by replying), the customer answered later, Bob replied again.
    conv(db, 'c2', 'ct-2', 'open', 'u-bob', 2000, null, null, null);
    msg(db, 'm5', 'c2', 'out', 'u-bob', 2000);
    msg(db, 'm6', 'c2', 'in', null, 3000);
    msg(db, 'm7', 'c2', 'out', 'u-bob', 3500);
    // 3: nobody answered yet.
    conv(db, 'c3', 'ct-3', 'open', null, 2500, null, null, null);
    msg(db, 'm8', 'c3', 'in', null, 2500);
    db.close();

    db = openDb(dir);
    const rowid = (table: string, id: string) => db.prepare(`SELECT rowid FROM ${table} WHERE id = ?`).pluck().get(id);
    try {
      expect(facts(db, 'c1')).toEqual({ conversation_id: 'c1', space_id: 'space-1', channel_id: 'ch-1', opened_at: 1000, agent_id: 'u-bob', first_customer_at: 1000, first_reply_at: 4000, first_reply_by: 'u-alice', closed_at: 9000, closing_category: 'Billing', channel_n: rowid('channels', 'ch-1'), agent_n: rowid('users', 'u-bob'), replier_n: rowid('users', 'u-alice') });
      expect(facts(db, 'c2')).toMatchObject({ agent_id: 'u-bob', first_customer_at: 3000, first_reply_at: 3500, first_reply_by: 'u-bob', closed_at: null });
      expect(facts(db, 'c3')).toMatchObject({ agent_id: null, first_customer_at: 2500, first_reply_at: null, first_reply_by: null });
    } finally {
      db.close();
    }
  });
});

describe('the facts the conversation core keeps', () => {
  it('a workflow auto-reply is not a first response; a member reply before the customer wrote is not either', () => {
    const db = openDb(fresh());
    try {
      seedSpace(db);
      conv(db, 'c1', 'ct-1', 'open', null, 1000, null, null, null);
      reportFacts.opened(db, 'c1');
      reportFacts.messageStored(db, { conversation_id: 'c1', direction: 'out', author_id: 'u-bob', created_at: 1000 });
      reportFacts.messageStored(db, { conversation_id: 'c1', direction: 'in', author_id: null, created_at: 2000 });
      reportFacts.messageStored(db, { conversation_id: 'c1', direction: 'in', author_id: null, created_at: 2500 });
      reportFacts.messageStored(db, { conversation_id: 'c1', direction: 'out', author_id: null, created_at: 2001 });
      expect(facts(db, 'c1')).toMatchObject({ first_customer_at: 2000, first_reply_at: null });
      reportFacts.messageStored(db, { conversation_id: 'c1', direction: 'out', author_id: 'u-alice', created_at: 3000 });
      reportFacts.messageStored(db, { conversation_id: 'c1', direction: 'out', author_id: 'u-bob', created_at: 4000 });
      const rowid = (id: string) => db.prepare('SELECT rowid FROM users WHERE id = ?').pluck().get(id);
      expect(facts(db, 'c1')).toMatchObject({ first_reply_at: 3000, first_reply_by: 'u-alice', replier_n: rowid('u-alice') });
      reportFacts.changed(db, 'c1', 'u-alice', null);
      // Closing unassigns: the agent stays.
      reportFacts.changed(db, 'c1', null, { at: 9000, category: null });
      expect(facts(db, 'c1')).toMatchObject({ agent_id: 'u-alice', agent_n: rowid('u-alice'), closed_at: 9000, closing_category: null });
    } finally {
      db.close();
    }
  });
});

describe('report queries read one index range each', () => {
  const db = openDb(fresh());
  afterAll(() => db.close());
  const f: ReportFilter = { spaceId: 'space-1', from: 0, to: 86_400_000, channelId: 'ch-1', memberId: 'u-alice' };
  const slots: Array<[number, number]> = [
    [0, 3_600_000],
    [3_600_000, 7_200_000],
  ];
  const plansOf = (call: (d: Db) => unknown) => plansFor(db, call).flatMap((p) => p.split(' | '));

  it.each([
    ['opened and closed per day', (d: Db) => reportQueries.perSlot(d, f, slots), ['report_opened', 'report_closed']],
    ['the heatmap hours', (d: Db) => reportQueries.openedPerSlot(d, f, slots), ['report_opened']],
    ['first replies in the range', (d: Db) => [reportQueries.firstReplies(d, f, false), reportQueries.firstReplies(d, f, true)], ['report_replied']],
    ['closes in the range', (d: Db) => [reportQueries.resolutions(d, f, false), reportQueries.resolutions(d, f, true)], ['report_closed']],
    ['closing categories', (d: Db) => reportQueries.categories(d, f), ['report_closed']],
  ])('%s', (_what, call, indexes) => {
    const plans = plansOf(call);
    const reads = plans.filter((p) => p.includes('report_conversations'));
    expect(reads.length).toBeGreaterThan(0);
    for (const p of reads) expect(p).toMatch(/^SEARCH report_conversations USING COVERING INDEX report_\w+ \(space_id=\? AND \w+>\? AND \w+<\?\)$/);
    expect(new Set(reads.map((p) => /INDEX (\w+)/.exec(p)![1]))).toEqual(new Set(indexes));
  });

  it('workload reads the open conversations through the queue’s index', () => {
    const plans = plansOf((d) => reportQueries.workload(d, 'space-1', null));
    expect(plans.join(' | ')).toMatch(/SEARCH conversations USING INDEX conversations_open_assignee \(space_id=\?\)/);
    expect(plans.join(' | ')).not.toMatch(/SCAN conversations\b/);
  });
});
