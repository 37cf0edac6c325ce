import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plansOf as plansFor } from '../testing/queryPlans';
import { openDb, type Db } from './connection';
import { contacts } from './contacts';
import { activities, clientKey, conversations, messages, projectionQueue } from './conversations';
import { reportQueries } from './reports';
import { contactByEmail, emailMessages, emailThreads, mailboxes } from './email';
import { providerChannels } from './providerChannels';
import { search, searchExpression } from './search';
import { deliveries, webhooks } from './webhooks';

/**
 * The hot queries' plans, read from the statements the query modules really run (a change that
 * brings back a full scan fails here, not a year later at a million messages). Each call below
 * is the one an inbound message, a reply, a list page, a search or a profile edit makes.
 */
const dir = mkdtempSync(join(tmpdir(), 'kaon-plans-'));
const db = openDb(dir);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const plansOf = (call: (d: Db) => unknown) => plansFor(db, call);

/** A plan that reads a table row by row (not through an index or the FTS index). */
const FULL_SCAN = /\bSCAN (?!search_fts VIRTUAL TABLE INDEX \d+:[M=])\w+(?! USING)/;

const space = 'space-one';
const match = searchExpression(space, 'order shipped')!;

describe('hot queries use an index', () => {
  it.each([
    ['an inbound message finds its duplicate by client id', (d: Db) => messages.byClientId(d, space, clientKey('in', 'ch/visitor', 'c1'))],
    ['an inbound message finds its contact by identity', (d: Db) => contacts.byIdentity(d, 'ch', 'visitor')],
    ['an inbound message finds the open conversation', (d: Db) => conversations.openForContact(d, 'contact')],
    ['a message touches its conversation and contact', (d: Db) => [conversations.touch(d, 'conv', 1, 'hi', true), contacts.touchActivity(d, 'contact', 1)]],
    ['the queue reads the Closed count', (d: Db) => conversations.closedCount(d, space)],
    ['the projection reads the items waiting for it', (d: Db) => [projectionQueue.of(d, 'conv'), projectionQueue.done(d, 'conv', ['m1'])]],
    ['the projection reads one message and one activity line', (d: Db) => messages.byId(d, 'm1')],
    ['the queue first screen: All, Unassigned and Mine with their counts', (d: Db) => [conversations.openPage(d, space, undefined, 40), conversations.openPage(d, space, null, 40), conversations.openPage(d, space, 'user', 40)]],
    ['a thread page reads the items before a cursor', (d: Db) => [messages.positionsBefore(d, 'conv', 1000, 51), activities.positionsBefore(d, 'conv', 1000, 51)]],
    ['the page marks replies delivered', (d: Db) => messages.markDelivered(d, 'conv')],
    ['the Closed tab, first and later pages', (d: Db) => [conversations.closedInSpace(d, space, 50, Number.MAX_SAFE_INTEGER, ''), conversations.closedInSpace(d, space, 50, 1000, 'x')]],
    ['contacts by recent activity, first and later pages', (d: Db) => [contacts.list(d, space, { sort: 'recent', match: null, cursor: null, limit: 51 }), contacts.list(d, space, { sort: 'recent', match: null, cursor: { v: 5, id: 'x' }, limit: 51 })]],
    ['contacts by name, first and later pages', (d: Db) => [contacts.list(d, space, { sort: 'name', match: null, cursor: null, limit: 51 }), contacts.list(d, space, { sort: 'name', match: null, cursor: { v: 'm', id: 'x' }, limit: 51 })]],
    ['contacts found by search', (d: Db) => contacts.list(d, space, { sort: 'recent', match, cursor: null, limit: 51 })],
    ['search: contacts first, then messages newest first', (d: Db) => search.query(d, match, 50)],
    ['re-indexing a contact after a profile edit', (d: Db) => search.reindexContact(d, space, 'contact')],
    ['the timers find snoozes whose time came', (d: Db) => conversations.snoozeDue(d, 1000, 200)],
    ['the timers find conversations for auto-close', (d: Db) => conversations.idleOpen(d, space, 1000, 200)],
    ['the satisfaction report reads the ratings of its range', (d: Db) => reportQueries.ratings(d, { spaceId: space, from: 0, to: 1000, channelId: null, memberId: 'user' })],
    ['the Snoozed tab and its count', (d: Db) => [conversations.snoozedInSpace(d, space, 200), conversations.snoozedCount(d, space)]],
    ['an event looks up the webhooks of its space', (d: Db) => webhooks.enabledInSpace(d, space)],
    ['the webhook worker reads the due deliveries and the next retry', (d: Db) => [deliveries.due(d, 1000, 12), deliveries.due(d, 1000, 12, ['w1', 'w2']), deliveries.nextAttemptAfter(d, 1000)]],
    ['a webhook’s delivery log, its pruning and its pending count', (d: Db) => [deliveries.log(d, 'w1', 50), deliveries.prune(d, 'w1'), deliveries.pendingCount(d, 'w1')]],
    ['a mail finds its thread by Message-ID and by reply token', (d: Db) => [emailMessages.byRfcId(d, space, '<a@b>'), emailThreads.conversationOf(d, space, 'token')]],
    ['a mail finds its contact by the profile e-mail', (d: Db) => contactByEmail(d, space, 'ada@example.com')],
    ['the SMTP receiver finds the channel of a forwarding address at RCPT, and a new channel checks its key is free', (d: Db) => [providerChannels.emailByKey(d, 'help'), providerChannels.emailKeyTaken(d, 'help', 'ch')]],
    ['a reply reads the mail it answers; the watcher its last UID', (d: Db) => [emailMessages.lastOf(d, 'conv'), emailThreads.tokenOf(d, 'conv'), mailboxes.get(d, 'ch'), mailboxes.advance(d, 'ch', 5)]],
  ])('%s', (_what, call) => {
    const plans = plansOf(call as (d: Db) => unknown);
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan).not.toMatch(FULL_SCAN);
  });

  it('the pattern catches a full scan', () => {
    expect(plansOf((d) => d.prepare("SELECT * FROM messages WHERE body = 'x'").all())[0]).toMatch(FULL_SCAN);
    expect(plansOf((d) => d.prepare("SELECT * FROM search_fts WHERE ref_id = 'x'").all())[0]).toMatch(FULL_SCAN);
  });

  it('the webhook worker reads due deliveries from the pending-only index, in its order (no sort of the backlog)', () => {
    for (const plan of plansOf((d) => [deliveries.due(d, 1000, 12), deliveries.due(d, 1000, 12, ['w1'])])) {
      expect(plan).toContain('webhook_deliveries_due');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('a forwarding address is found through channels_email_key (migration 23), not by reading the e-mail channels', () => {
    const plans = plansOf((d) => [providerChannels.emailByKey(d, 'help'), providerChannels.emailKeyTaken(d, 'help', 'ch')]);
    expect(plans).toHaveLength(2);
    for (const plan of plans) expect(plan).toContain('USING INDEX channels_email_key (email_key=?)');
  });

  it('search runs in rowid order (newest first) inside the FTS index, so it stops after one page', () => {
    const plans = plansOf((d) => search.query(d, match, 50));
    // FTS5 reports ORDER BY rowid DESC as part of its index plan: no temp b-tree sort.
    for (const plan of plans) expect(plan).not.toContain('TEMP B-TREE');
  });
});
