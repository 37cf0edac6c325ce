import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE } from '../../shared/sync/shapes';
import { failed, ok, type Browser } from '../testing/harness';
import { arrive, conversationRow, conversationsOf, convDoc, queueDoc, snapshot, startWorld, type Visitor, type World } from '../testing/messages';

// Snooze (until a time, or until the customer writes) and auto-close: through the real API, the
// queue doc and the timers, driven by the test clock.

let w: World;
beforeAll(async () => {
  // The clock moves by days here: sessions must outlive it.
  w = await startWorld({ chatMessagesPerMinute: 1e6, chatMessagesPerMinutePerIp: 1e6, sessionTtlMs: 10 * 365 * 86_400_000 });
});
afterAll(() => w?.app.close());

const HOUR = 3_600_000;
const activities = (conversationId: string) => convDoc(w.app, w.a.id, conversationId).items.filter((i) => i.kind === 'activity').map((i) => (i.kind === 'activity' ? i.text : ''));
const inQueue = (conversationId: string) => queueDoc(w.app, w.a.id).open.has(conversationId);
const snoozedCount = () => queueDoc(w.app, w.a.id).doc.getMap<number>(QUEUE.meta).get('snoozedCount');

async function conversation(text = 'Where is my order?'): Promise<{ visitor: Visitor; conversationId: string; contactId: string }> {
  const visitor = await arrive(w.app, w.a.chatKey);
  const { conversationId, contactId } = await visitor.say(text);
  return { visitor, conversationId, contactId };
}
const snooze = (who: Browser, conversationId: string, until: number | null, version = conversationRow(w.app, conversationId).version) =>
  who.mutate('conversations.snooze', { spaceId: w.a.id, conversationId, version, until });

describe('snooze until a time', () => {
  it('leaves the queue (and its first screen), is listed as snoozed, and comes back at its time with an activity line', async () => {
    const { conversationId } = await conversation();
    const until = w.app.clock.now() + 2 * HOUR;
    const state = ok(await snooze(w.alice.browser, conversationId, until));
    expect(state).toMatchObject({ status: 'open', snoozedUntil: until });
    expect(inQueue(conversationId)).toBe(false);
    expect(snoozedCount()).toBe(1);
    expect(convDoc(w.app, w.a.id, conversationId).state).toMatchObject({ status: 'open', snoozed: true, snoozedUntil: until });
    expect(activities(conversationId).at(-1)).toMatch(/^Alice Agent snoozed this until \w{3} \d{1,2} \w{3}, \d\d:\d\d \(UTC\)$/);
    const screen = ok(await w.alice.browser.query('conversations.firstScreen', { spaceId: w.a.id }));
    expect(screen.ids.All).not.toContain(conversationId);
    const list = ok(await w.bob.browser.query('conversations.snoozed', { spaceId: w.a.id }));
    expect(list.total).toBe(1);
    expect(list.items).toEqual([expect.objectContaining({ id: conversationId, snoozedUntil: until, preview: 'Where is my order?' })]);

    // Not yet: a tick before its time changes nothing.
    w.app.clock.advance(HOUR);
    expect(w.app.kaon.timers.tick().woke).toBe(0);
    expect(inQueue(conversationId)).toBe(false);
    w.app.clock.advance(HOUR);
    expect(w.app.kaon.timers.tick().woke).toBe(1);
    expect(inQueue(conversationId)).toBe(true);
    expect(snoozedCount()).toBe(0);
    expect(convDoc(w.app, w.a.id, conversationId).state).toMatchObject({ snoozed: false, snoozedUntil: null });
    expect(activities(conversationId).at(-1)).toBe('Back from snooze: its time came');
    expect(w.app.kaon.timers.tick().woke).toBe(0);
  });

  it('the customer writing brings it back early, into the same conversation', async () => {
    const { visitor, conversationId, contactId } = await conversation();
    ok(await snooze(w.alice.browser, conversationId, w.app.clock.now() + 24 * HOUR));
    await visitor.say('Any news?');
    expect(conversationsOf(w.app, contactId)).toHaveLength(1);
    expect(inQueue(conversationId)).toBe(true);
    expect(activities(conversationId).at(-1)).toBe('Back from snooze: the customer wrote');
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)?.preview).toBe('Any news?');
  });
});

describe('snooze until the customer writes', () => {
  it('waits for no clock, and returns when the customer writes', async () => {
    const { visitor, conversationId } = await conversation();
    ok(await snooze(w.bob.browser, conversationId, null));
    expect(activities(conversationId).at(-1)).toBe('Bob Agent snoozed this until the customer writes');
    w.app.clock.advance(400 * 24 * HOUR);
    w.app.kaon.timers.tick();
    expect(inQueue(conversationId)).toBe(false);
    await visitor.say('Here is the photo you asked for');
    expect(inQueue(conversationId)).toBe(true);
  });

  it('a member can bring it back now (unsnooze); its assignee is kept throughout', async () => {
    const { conversationId } = await conversation();
    const version = conversationRow(w.app, conversationId).version;
    ok(await w.alice.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version, assigneeId: w.alice.user.id }));
    ok(await snooze(w.alice.browser, conversationId, null));
    expect(conversationRow(w.app, conversationId).assignee_id).toBe(w.alice.user.id);
    ok(await w.bob.browser.mutate('conversations.unsnooze', { spaceId: w.a.id, conversationId, version: conversationRow(w.app, conversationId).version }));
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)).toMatchObject({ assigneeId: w.alice.user.id });
    expect(activities(conversationId).at(-1)).toBe('Bob Agent unsnoozed this');
  });

  it('closing a snoozed conversation ends its snooze', async () => {
    const { conversationId } = await conversation();
    ok(await snooze(w.alice.browser, conversationId, null));
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: conversationRow(w.app, conversationId).version }));
    expect(conversationRow(w.app, conversationId)).toMatchObject({ status: 'closed', snoozed: 0, snoozed_until: null });
    expect(ok(await w.alice.browser.query('conversations.snoozed', { spaceId: w.a.id })).items.map((c) => c.id)).not.toContain(conversationId);
  });
});

describe('snooze refuses bad input in words and writes nothing', () => {
  it('a time in the past, too far ahead, a stale version, a closed conversation, another space, no session, malformed input', async () => {
    const { conversationId } = await conversation();
    const before = snapshot(w.app);
    const now = w.app.clock.now();
    expect(failed(await snooze(w.alice.browser, conversationId, now - HOUR))).toMatchObject({ code: 'BAD_REQUEST', message: 'Choose a time at least a minute from now.' });
    expect(failed(await snooze(w.alice.browser, conversationId, now + 400 * 24 * HOUR))).toMatchObject({ code: 'BAD_REQUEST', message: 'A conversation can be snoozed for a year at most.' });
    expect(failed(await snooze(w.alice.browser, conversationId, now + HOUR, 99))).toMatchObject({ code: 'CONFLICT' });
    expect(failed(await w.xavier.browser.mutate('conversations.snooze', { spaceId: w.b.id, conversationId, version: 1, until: null }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failed(await w.xavier.browser.mutate('conversations.snooze', { spaceId: w.a.id, conversationId, version: 1, until: null }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failed(await w.app.browser().mutate('conversations.snooze', { spaceId: w.a.id, conversationId, version: 1, until: null }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(failed(await w.alice.browser.raw('conversations.snooze', JSON.stringify({ spaceId: w.a.id, conversationId, version: 1, until: 'tomorrow' })))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(failed(await w.alice.browser.raw('conversations.snooze', '{"spaceId":'))).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(snapshot(w.app)).toEqual(before);
    expect(inQueue(conversationId)).toBe(true);

    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: conversationRow(w.app, conversationId).version }));
    expect(failed(await snooze(w.alice.browser, conversationId, null))).toMatchObject({ code: 'FORBIDDEN', message: 'This conversation is closed.' });
  });
});

describe('auto-close', () => {
  it('is off by default; once on, closes conversations without a customer message for N hours with the note "Auto-closed"', async () => {
    const settings = ok(await w.owner.browser.query('settings.closing', { spaceId: w.a.id }));
    expect(settings.autoCloseHours).toBeNull();
    const quiet = await conversation('Hello?');
    w.app.clock.advance(10 * 24 * HOUR);
    expect(w.app.kaon.timers.tick().closed).toBe(0);
    expect(conversationRow(w.app, quiet.conversationId).status).toBe('open');

    // Only owners and managers set it, and only to whole hours.
    const set = (who: Browser, autoCloseHours: unknown) => who.raw('settings.setClosing', JSON.stringify({ spaceId: w.a.id, policy: settings.policy, categories: settings.categories, autoCloseHours }));
    expect(failed(await set(w.alice.browser, 2))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failed(await set(w.owner.browser, 0)).message).toMatch(/autoCloseHours/);
    expect(failed(await set(w.owner.browser, 1.5)).message).toMatch(/autoCloseHours/);
    expect(failed(await set(w.owner.browser, 99_999)).message).toMatch(/autoCloseHours/);
    expect(ok(await w.owner.browser.query('settings.closing', { spaceId: w.a.id })).autoCloseHours).toBeNull();
    ok(await set(w.owner.browser, 2));

    const talking = await conversation('Still there?');
    const snoozed = await conversation('Call me next week');
    ok(await snooze(w.alice.browser, snoozed.conversationId, null));
    w.app.clock.advance(HOUR);
    await talking.visitor.say('I am still waiting');
    w.app.clock.advance(HOUR + 1);
    const { closed } = w.app.kaon.timers.tick();
    expect(closed).toBeGreaterThanOrEqual(1);
    // The quiet one closes; the one whose customer wrote an hour ago and the snoozed one stay open.
    expect(conversationRow(w.app, quiet.conversationId)).toMatchObject({ status: 'closed', closing_summary: 'Auto-closed', closing_category: null, closed_by: null });
    expect(activities(quiet.conversationId).at(-1)).toBe('Closed by Kaon (no customer message for 2 hours) — Auto-closed');
    expect(inQueue(quiet.conversationId)).toBe(false);
    expect(conversationRow(w.app, talking.conversationId).status).toBe('open');
    expect(conversationRow(w.app, snoozed.conversationId).status).toBe('open');
    w.app.clock.advance(HOUR);
    w.app.kaon.timers.tick();
    expect(conversationRow(w.app, talking.conversationId).status).toBe('closed');

    ok(await set(w.owner.browser, null));
    expect(ok(await w.owner.browser.query('settings.closing', { spaceId: w.a.id })).autoCloseHours).toBeNull();
  });
});

describe('workflows', () => {
  it('a workflow snoozes a conversation, and "a snoozed conversation comes back" runs another one', async () => {
    const later = ok(
      await w.owner.browser.mutate('workflows.save', {
        spaceId: w.a.id,
        name: 'Later',
        definition: { trigger: 'message.received', conditions: [{ kind: 'textContains', text: 'next week' }], actions: [{ kind: 'snooze', hours: null }] },
      }),
    ).id;
    const back = ok(
      await w.owner.browser.mutate('workflows.save', {
        spaceId: w.a.id,
        name: 'Back to Bob',
        definition: { trigger: 'conversation.unsnoozed', conditions: [], actions: [{ kind: 'assign', userId: w.bob.user.id, onlineOnly: false, capacity: null }] },
      }),
    ).id;
    // A snooze of 0 hours is refused in words before it is saved.
    const refused = failed(await w.owner.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'Bad', definition: { trigger: 'message.received', conditions: [], actions: [{ kind: 'snooze', hours: 0 }] } }));
    expect(refused.message).toMatch(/Snooze for 1 hour or more/);

    const { visitor, conversationId } = await conversation('Please call me next week');
    expect(inQueue(conversationId)).toBe(false);
    expect(activities(conversationId)).toContain('Workflow “Later” snoozed this until the customer writes');
    await visitor.say('Actually, today is fine');
    expect(inQueue(conversationId)).toBe(true);
    expect(conversationRow(w.app, conversationId).assignee_id).toBe(w.bob.user.id);
    // Written in the same transaction (same time): their order among themselves is by id.
    expect(activities(conversationId).slice(-2).sort()).toEqual(['Back from snooze: the customer wrote', 'Workflow “Back to Bob” assigned this to Bob Agent']);
    for (const id of [later, back]) ok(await w.owner.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: id }));
  });
});
