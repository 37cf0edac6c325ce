import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plansOf as plansFor } from '../testing/queryPlans';
import { openDb, type Db } from './connection';
import { openConversationsOf, slaAttainment, slaPolicies, slaState, type SlaRow } from './sla';

// The SLA queries' plans: what every message, reply and close adds, and the timer's read of due breaches.
const dir = mkdtempSync(join(tmpdir(), 'kaon-sla-plans-'));
const db = openDb(dir);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
const plansOf = (call: (d: Db) => unknown) => plansFor(db, call);
const blank: SlaRow = {
  conversation_id: 'conv', space_id: 'space', channel_id: 'ch', opened_at: 0, policy_id: null, first_start: null, first_due: null, first_done: null, first_breached: null,
  next_start: null, next_due: null, next_breached: null, next_cycles: 0, next_breaches: 0, resolution_due: null, resolution_done: null, resolution_breached: null,
  shown_target: null, shown_due: null, check_at: null, agent_id: null, first_met: null, resolution_met: null,
};
// json_each over the report's few groups is a scan of its argument, not of a table.
const FULL_SCAN = /\bSCAN (?!\w+ VIRTUAL TABLE)\w+(?! USING)/;

describe('SLA queries use an index', () => {
  it('the SLA report reads each group’s range from the covering index sla_report (no table, no sort)', () => {
    const plans = plansOf((d) => slaAttainment(d, { spaceId: 'space', from: 0, to: 1000, channelId: null, memberId: null }));
    const report = plans.find((p) => p.includes('sla_conversations'))!;
    expect(report).toMatch(/SEARCH sla_conversations USING COVERING INDEX sla_report \(space_id=\? AND channel_id=\? AND agent_id=\? AND opened_at>\? AND opened_at<\?\)/);
    expect(report).not.toContain('TEMP B-TREE');
  });

  it.each([
    ['a change reads the space’s policies', (d: Db) => slaPolicies.inSpace(d, 'space')],
    ['a change reads, creates and saves the conversation’s SLA row', (d: Db) => [slaState.of(d, 'conv'), slaState.ensure(d, 'conv'), slaState.save(d, blank)]],
    ['a policy change reads the open conversations of its space', (d: Db) => openConversationsOf(d, 'space')],
    ['the SLA report reads the conversations opened in its range', (d: Db) => slaAttainment(d, { spaceId: 'space', from: 0, to: 1000, channelId: null, memberId: 'user' })],
  ])('%s', (_what, call) => {
    const plans = plansOf(call as (d: Db) => unknown);
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan).not.toMatch(FULL_SCAN);
  });

  it('the timer reads due breaches from the owed-only index, in due order (no sort, no scan)', () => {
    const plans = plansOf((d) => slaState.due(d, 1000, 200));
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('sla_check');
    expect(plans[0]).not.toContain('TEMP B-TREE');
    expect(plans[0]).not.toMatch(FULL_SCAN);
  });
});
