import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { failed, ok, type Browser, type Person } from '../testing/harness';
import { activityTexts, arrive, conversationRow, eventually, newClientId, queueDoc, startWorld, type World } from '../testing/messages';

// SLAs through the real API, the conversation core, the queue doc and the timers, driven by the test clock.

let w: World;
beforeAll(async () => {
  w = await startWorld({ chatMessagesPerMinute: 1e6, chatMessagesPerMinutePerIp: 1e6, sessionTtlMs: 10 * 365 * 86_400_000 });
});
const providers: WebsocketProvider[] = [];
afterAll(async () => {
  for (const p of providers) p.destroy();
  await w?.app.close();
});

/** A member's real y-websocket client on a contact doc (to edit its tags as the browser does). */
async function contactDoc(who: Person, contactId: string) {
  const session = who.browser.cookies.get('kaon_session');
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: `kaon_session=${session}` } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(w.app.url.replace(/^http/, 'ws') + '/yjs', docNames.contact(w.a.id, contactId), doc, { WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  providers.push(provider);
  await eventually('synced', () => provider.synced);
  return doc.getMap<number>(CONTACT.tags);
}

const MIN = 60_000;
const policy = (fields: Record<string, unknown> = {}) => ({
  spaceId: w.a.id,
  name: 'Standard',
  enabled: true,
  firstResponseMin: 15,
  nextResponseMin: 10,
  resolutionMin: 120,
  businessHours: false,
  channelIds: [] as string[],
  tags: [] as string[],
  ...fields,
});
const save = (who: Browser, fields: Record<string, unknown> = {}) => who.mutate('sla.save', policy(fields));
const row = (conversationId: string) => queueDoc(w.app, w.a.id).open.get(conversationId);
const slaNotes = (conversationId: string) =>
  w.app.kaon.deps.db.prepare("SELECT user_id, preview FROM notifications WHERE kind = 'sla' AND conversation_id = ? ORDER BY created_at, rowid").all(conversationId) as Array<{
    user_id: string;
    preview: string;
  }>;
const policyCount = () => (w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM sla_policies').get() as { n: number }).n;
const reply = (who: Browser, contactId: string, body = 'On it') => who.mutate('conversations.send', { spaceId: w.a.id, contactId, body, clientId: newClientId() });

async function conversation(text = 'Where is my order?') {
  const visitor = await arrive(w.app, w.a.chatKey);
  const { conversationId, contactId } = await visitor.say(text);
  return { visitor, conversationId, contactId };
}

afterEach(async () => {
  for (const p of ok(await w.owner.browser.query('sla.list', { spaceId: w.a.id }))) ok(await w.owner.browser.mutate('sla.delete', { spaceId: w.a.id, policyId: p.id }));
});

describe('a policy measures each conversation', () => {
  it('the queue row shows the first response due; past it the timer records one breach, says so in the thread, and notifies the owners and managers while unassigned', async () => {
    ok(await save(w.owner.browser));
    const start = w.app.clock.now();
    const { conversationId } = await conversation();
    expect(row(conversationId)?.sla).toEqual({ target: 'first', dueAt: start + 15 * MIN, breached: false });

    w.app.clock.advance(14 * MIN);
    expect(w.app.kaon.timers.tick().breached).toBe(0);
    w.app.clock.advance(2 * MIN);
    expect(w.app.kaon.timers.tick().breached).toBe(1);
    expect(row(conversationId)?.sla).toEqual({ target: 'first', dueAt: start + 15 * MIN, breached: true });
    expect(activityTexts(w.app, conversationId).at(-1)).toBe('SLA breached: First response target passed (policy “Standard”, 15 min)');
    expect(slaNotes(conversationId)).toEqual([{ user_id: w.owner.user.id, preview: 'First response target passed (policy “Standard”, 15 min)' }]);
    // Recorded once.
    w.app.clock.advance(MIN);
    expect(w.app.kaon.timers.tick().breached).toBe(0);
    expect(slaNotes(conversationId)).toHaveLength(1);
  });

  it('an assigned conversation notifies its assignee only; a reply in time moves the row on to the resolution, and the customer writing again to the next response', async () => {
    ok(await save(w.owner.browser));
    const { visitor, conversationId, contactId } = await conversation();
    ok(await w.owner.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: conversationRow(w.app, conversationId).version, assigneeId: w.alice.user.id }));
    const opened = conversationRow(w.app, conversationId).opened_at;
    w.app.clock.advance(5 * MIN);
    ok(await reply(w.alice.browser, contactId));
    expect(row(conversationId)?.sla).toEqual({ target: 'resolution', dueAt: opened + 120 * MIN, breached: false });

    w.app.clock.advance(MIN);
    await visitor.say('Thanks, and the invoice?');
    const asked = w.app.clock.now();
    expect(row(conversationId)?.sla).toEqual({ target: 'next', dueAt: asked + 10 * MIN, breached: false });
    w.app.clock.advance(11 * MIN);
    expect(w.app.kaon.timers.tick().breached).toBe(1);
    expect(slaNotes(conversationId)).toEqual([{ user_id: w.alice.user.id, preview: 'Next response target passed (policy “Standard”, 10 min)' }]);
    ok(await reply(w.alice.browser, contactId, 'Attached'));
    expect(row(conversationId)?.sla?.target).toBe('resolution');
    const state = w.app.kaon.deps.db.prepare('SELECT * FROM sla_conversations WHERE conversation_id = ?').get(conversationId) as Record<string, number | null>;
    expect(state).toMatchObject({ first_done: opened + 5 * MIN, first_breached: null, next_cycles: 1, next_breaches: 1, next_start: null });

    // Closing ends it: nothing owed, nothing for the timer.
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: conversationRow(w.app, conversationId).version }));
    const closed = w.app.kaon.deps.db.prepare('SELECT check_at, shown_due, resolution_done, resolution_breached FROM sla_conversations WHERE conversation_id = ?').get(conversationId);
    expect(closed).toEqual({ check_at: null, shown_due: null, resolution_done: w.app.clock.now(), resolution_breached: null });
    w.app.clock.advance(200 * MIN);
    w.app.kaon.timers.tick();
    expect(slaNotes(conversationId)).toHaveLength(1);
  });

  it('conditions pick the policy (channel, tag); a changed policy moves the due time of open conversations; a deleted one takes the SLA off the row', async () => {
    const channels = ok(await w.owner.browser.query('channels.list', { spaceId: w.a.id })) as Array<{ id: string }>;
    const vip = ok(await save(w.owner.browser, { name: 'VIP', tags: ['vip'], firstResponseMin: 5 }));
    const chat = ok(await save(w.owner.browser, { name: 'Chat', channelIds: channels.map((c) => c.id), firstResponseMin: 30 }));
    const start = w.app.clock.now();
    const { conversationId } = await conversation();
    // Not tagged: the chat policy (the second in order).
    expect(row(conversationId)?.sla).toEqual({ target: 'first', dueAt: start + 30 * MIN, breached: false });
    ok(await w.owner.browser.mutate('sla.save', policy({ policyId: chat.id, name: 'Chat', channelIds: channels.map((c) => c.id), firstResponseMin: 20 })));
    expect(row(conversationId)?.sla).toEqual({ target: 'first', dueAt: start + 20 * MIN, breached: false });
    ok(await w.owner.browser.mutate('sla.save', policy({ policyId: chat.id, name: 'Chat', enabled: false, firstResponseMin: 20 })));
    expect(row(conversationId)?.sla).toBeUndefined();
    // The order decides: the catch-all first, then VIP.
    const all = ok(await save(w.owner.browser, { name: 'All', firstResponseMin: 90 }));
    expect(row(conversationId)?.sla?.dueAt).toBe(start + 90 * MIN);
    ok(await w.owner.browser.mutate('sla.reorder', { spaceId: w.a.id, policyIds: [chat.id, all.id, vip.id] }));
    expect(ok(await w.alice.browser.query('sla.list', { spaceId: w.a.id })).map((p) => p.name)).toEqual(['Chat', 'All', 'VIP']);
    expect(failed(await w.owner.browser.mutate('sla.reorder', { spaceId: w.a.id, policyIds: [chat.id, all.id] }))).toMatchObject({ code: 'BAD_REQUEST', message: 'The policies changed meanwhile: reload the page and order them again.' });
    expect(failed(await w.owner.browser.mutate('sla.reorder', { spaceId: w.a.id, policyIds: [chat.id, all.id, all.id] })).code).toBe('BAD_REQUEST');
    expect(failed(await w.alice.browser.mutate('sla.reorder', { spaceId: w.a.id, policyIds: [vip.id, all.id, chat.id] })).code).toBe('FORBIDDEN');
    expect(failed(await w.xavier.browser.mutate('sla.reorder', { spaceId: w.b.id, policyIds: [vip.id, all.id, chat.id] })).code).toBe('BAD_REQUEST');
    expect(ok(await w.owner.browser.query('sla.list', { spaceId: w.a.id })).map((p) => p.name)).toEqual(['Chat', 'All', 'VIP']);
    ok(await w.owner.browser.mutate('sla.delete', { spaceId: w.a.id, policyId: all.id }));
    ok(await w.owner.browser.mutate('sla.delete', { spaceId: w.a.id, policyId: vip.id }));
    expect(row(conversationId)?.sla).toBeUndefined();
  });
});

describe('business hours', () => {
  it('a business-hours policy moves the due time past the closed hours (the space’s hours and zone)', async () => {
    const now = new Date(w.app.clock.now());
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    ok(await w.owner.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: { timeZone: 'UTC', days: { [String(tomorrow.getUTCDay())]: [['09:00', '12:00']] } } }));
    try {
      ok(await save(w.owner.browser, { businessHours: true, firstResponseMin: 60, resolutionMin: null, nextResponseMin: null }));
      const { conversationId } = await conversation();
      // Open only tomorrow 09:00–12:00 UTC: an hour of it ends at 10:00.
      expect(row(conversationId)?.sla).toEqual({ target: 'first', dueAt: tomorrow.getTime() + 10 * 60 * MIN, breached: false });
      // New hours (an hour later): the open conversation's due time follows at once.
      ok(await w.owner.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: { timeZone: 'UTC', days: { [String(tomorrow.getUTCDay())]: [['10:00', '12:00']] } } }));
      expect(row(conversationId)?.sla?.dueAt).toBe(tomorrow.getTime() + 11 * 60 * MIN);
    } finally {
      ok(await w.owner.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: null }));
    }
  });
});

describe('tags', () => {
  it('a tag added on the contact brings its open conversation under that tag’s policy at once', async () => {
    ok(await save(w.owner.browser, { name: 'VIP', tags: ['vip'], firstResponseMin: 5 }));
    ok(await save(w.owner.browser, { name: 'Everyone', firstResponseMin: 60 }));
    const start = w.app.clock.now();
    const { conversationId, contactId } = await conversation();
    expect(row(conversationId)?.sla).toEqual({ target: 'first', dueAt: start + 60 * MIN, breached: false });
    const tags = await contactDoc(w.alice, contactId);
    tags.set('vip', Date.now());
    await eventually('the VIP policy applies', () => row(conversationId)?.sla?.dueAt === start + 5 * MIN, 10_000);
  });
});

describe('bad input gets a clear answer and writes nothing', () => {
  it('agents may read but not change; other spaces, unknown ids, malformed and oversized input are refused', async () => {
    const saved = ok(await save(w.owner.browser));
    const before = policyCount();
    expect(ok(await w.alice.browser.query('sla.list', { spaceId: w.a.id })).map((p) => p.name)).toEqual(['Standard']);
    expect(failed(await save(w.alice.browser))).toMatchObject({ code: 'FORBIDDEN', message: 'Only owners and managers can do this.' });
    expect(failed(await w.alice.browser.mutate('sla.delete', { spaceId: w.a.id, policyId: saved.id }))).toMatchObject({ code: 'FORBIDDEN' });
    // Xavier manages space B, not A: A does not exist for him; A's policy does not exist in B.
    expect(failed(await w.xavier.browser.mutate('sla.save', policy()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failed(await w.xavier.browser.query('sla.list', { spaceId: w.a.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failed(await w.xavier.browser.mutate('sla.delete', { spaceId: w.b.id, policyId: saved.id }))).toMatchObject({ code: 'NOT_FOUND', message: 'This SLA policy was not found.' });
    expect(failed(await w.xavier.browser.mutate('sla.save', { ...policy({ policyId: saved.id }), spaceId: w.b.id }))).toMatchObject({ code: 'NOT_FOUND' });
    // A channel of another space.
    const bChannels = ok(await w.xavier.browser.query('channels.list', { spaceId: w.b.id })) as Array<{ id: string }>;
    expect(failed(await save(w.owner.browser, { channelIds: [bChannels[0]!.id] }))).toMatchObject({ code: 'NOT_FOUND', message: 'A channel of this policy was not found.' });
    expect(failed(await w.app.browser().mutate('sla.save', policy()))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(failed(await save(w.owner.browser, { firstResponseMin: null, nextResponseMin: null, resolutionMin: null }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Set at least one target: first response, next response or resolution.',
    });
    for (const bad of [{ firstResponseMin: 0 }, { firstResponseMin: 1.5 }, { resolutionMin: 10_000_000 }, { name: '' }, { name: 'x'.repeat(81) }, { tags: Array(51).fill('t') }, { tags: ['x'.repeat(61)] }, { channelIds: ['../../etc'] }, { enabled: 'yes' }]) {
      expect(failed(await save(w.owner.browser, bad)).code, JSON.stringify(bad).slice(0, 60)).toBe('BAD_REQUEST');
    }
    expect(failed(await w.owner.browser.raw('sla.save', '{"spaceId":'))).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(failed(await w.owner.browser.raw('sla.save', JSON.stringify({ ...policy(), name: 'x'.repeat(200_000) }))).code).toMatch(/BAD_REQUEST|PAYLOAD_TOO_LARGE/);
    expect(policyCount()).toBe(before);
    expect(ok(await w.owner.browser.query('sla.list', { spaceId: w.a.id }))).toEqual([saved]);
  });
});

describe('SLA attainment in the reports', () => {
  it('counts, per target, the conversations opened in the range that met it, in all, by agent and by channel; agents see their own', async () => {
    ok(await save(w.owner.browser));
    // A day of its own, away from the conversations above.
    w.app.clock.advance(10 * 24 * 60 * MIN);
    const date = new Date(w.app.clock.now()).toISOString().slice(0, 10);
    const range = { spaceId: w.a.id, from: date, to: date, timeZone: 'UTC' };

    // Met: Alice answers in 5 minutes and closes after 35.
    const met = await conversation('Quick one');
    w.app.clock.advance(5 * MIN);
    ok(await reply(w.alice.browser, met.contactId));
    w.app.clock.advance(30 * MIN);
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: met.conversationId, version: conversationRow(w.app, met.conversationId).version }));

    // Breached first response and resolution; one next response in time (Bob).
    const late = await conversation('Slow one');
    w.app.clock.advance(20 * MIN);
    w.app.kaon.timers.tick();
    ok(await reply(w.bob.browser, late.contactId));
    w.app.clock.advance(MIN);
    await late.visitor.say('And?');
    w.app.clock.advance(2 * MIN);
    ok(await reply(w.bob.browser, late.contactId, 'Done'));
    w.app.clock.advance(200 * MIN);
    expect(w.app.kaon.timers.tick().breached).toBeGreaterThanOrEqual(1);
    ok(await w.bob.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: late.conversationId, version: conversationRow(w.app, late.conversationId).version }));

    const team = ok(await w.owner.browser.query('reports.summary', range)).sla;
    expect(team.all).toEqual({ first: { measured: 2, met: 1, percent: 50 }, next: { measured: 1, met: 1, percent: 100 }, resolution: { measured: 2, met: 1, percent: 50 } });
    expect(team.byAgent.map((a) => [a.name, a.first.percent, a.resolution.percent])).toEqual([
      ['Alice Agent', 100, 100],
      ['Bob Agent', 0, 0],
    ]);
    expect(team.byChannel).toHaveLength(1);
    expect(team.byChannel[0]!.first).toEqual({ measured: 2, met: 1, percent: 50 });

    // Alice sees her own numbers only.
    const own = ok(await w.alice.browser.query('reports.summary', range)).sla;
    expect(own.byAgent.map((a) => a.name)).toEqual(['Alice Agent']);
    expect(own.all.first).toEqual({ measured: 1, met: 1, percent: 100 });

    const csv = ok(await w.owner.browser.query('reports.csv', { ...range, report: 'sla' }));
    expect(csv.csv.split('\r\n')[0]).toBe(
      'group,name,First response decided,First response met,First response percent met,Next response decided,Next response met,Next response percent met,Resolution decided,Resolution met,Resolution percent met',
    );
    expect(csv.csv.split('\r\n')[1]).toBe('all,All,2,1,50,1,1,100,2,1,50');
  });
});
