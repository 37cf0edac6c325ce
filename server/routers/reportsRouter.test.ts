import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failed, ok, type Browser } from '../testing/harness';
import { arrive, conversationRow, newClientId, startWorld, type World } from '../testing/messages';

/**
 * The Reports module on a scripted day (the test clock starts at 2030-01-01 00:00 UTC, a Tuesday):
 *
 *   09:00 visitor 1 writes         09:10 Alice replies (first response 10 min)
 *   09:30 visitor 2 writes         10:00 Bob replies   (first response 30 min)
 *   10:30 visitor 3 writes         (no reply: open, unassigned)
 *   11:00 Alice closes 1, "Billing, refunds"  (resolution 2 h)
 *   12:00 Bob closes 2, no category           (resolution 2 h 30 min)
 */
let w: World;
const MIN = 60_000;
const HOUR = 60 * MIN;
const day = { from: '2030-01-01', to: '2030-01-01', timeZone: 'UTC' };
let channelId = '';

const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const target = Date.UTC(2030, 0, 1, h, m);
  w.app.clock.advance(target - w.app.clock.now());
};
const reply = (browser: Browser, contactId: string, body: string) => browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body, clientId: newClientId() });
const summary = (browser: Browser, input: Record<string, unknown> = {}) => browser.query('reports.summary', { spaceId: w.a.id, ...day, ...input } as never);

beforeAll(async () => {
  w = await startWorld();
  ok(await w.owner.browser.mutate('settings.setClosing', { spaceId: w.a.id, policy: 'optional', categories: ['Billing, refunds', 'Bug'] }));
  at('09:00');
  const one = await (await arrive(w.app, w.a.chatKey)).say('My invoice is wrong');
  channelId = conversationRow(w.app, one.conversationId).channel_id;
  at('09:10');
  ok(await reply(w.alice.browser, one.contactId, 'Let me look'));
  at('09:30');
  const two = await (await arrive(w.app, w.a.chatKey)).say('The app crashes');
  at('10:00');
  ok(await reply(w.bob.browser, two.contactId, 'Which version?'));
  at('10:30');
  await (await arrive(w.app, w.a.chatKey)).say('Hello?');
  at('11:00');
  ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: one.conversationId, version: conversationRow(w.app, one.conversationId).version, category: 'Billing, refunds' }));
  at('12:00');
  ok(await w.bob.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: two.conversationId, version: conversationRow(w.app, two.conversationId).version }));
  at('18:00');
});
afterAll(() => w?.app.close());

describe('reports.summary for the team (owner)', () => {
  it('counts the scripted day', async () => {
    const r = ok(await summary(w.owner.browser));
    expect(r).toMatchObject({ from: '2030-01-01', to: '2030-01-01', timeZone: 'UTC', timeZoneFrom: 'browser', businessHours: false, memberId: null });
    expect(r.volume).toEqual({ totals: { opened: 3, closed: 2 }, days: [{ date: '2030-01-01', opened: 3, closed: 2 }] });
    expect(r.firstResponse.all).toEqual({ count: 2, median: 10 * MIN, p90: 30 * MIN });
    expect(r.firstResponse.byAgent.map((a) => [a.name, a.count, a.median])).toEqual([
      ['Alice Agent', 1, 10 * MIN],
      ['Bob Agent', 1, 30 * MIN],
    ]);
    expect(r.firstResponse.byChannel).toEqual([{ id: channelId, name: expect.any(String), count: 2, median: 10 * MIN, p90: 30 * MIN }]);
    expect(r.resolution.all).toEqual({ count: 2, median: 2 * HOUR, p90: 2.5 * HOUR });
    // Closing unassigns a conversation; the report still credits the agent who had it.
    expect(r.resolution.byAgent.map((a) => [a.name, a.median])).toEqual([
      ['Alice Agent', 2 * HOUR],
      ['Bob Agent', 2.5 * HOUR],
    ]);
    expect(r.categories).toEqual([
      { category: null, count: 1 },
      { category: 'Billing, refunds', count: 1 },
    ]);
    expect(r.heatmap.counts[2]![9]).toBe(2);
    expect(r.heatmap.counts[2]![10]).toBe(1);
    expect(r.heatmap.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(r.workload).toEqual([
      { id: w.alice.user.id, name: 'Alice Agent', open: 0 },
      { id: w.bob.user.id, name: 'Bob Agent', open: 0 },
      { id: w.owner.user.id, name: 'Olivia Owner', open: 0 },
      { id: null, name: 'Unassigned', open: 1 },
    ]);
    expect(r.members.map((m) => m.name)).toEqual(['Alice Agent', 'Bob Agent', 'Olivia Owner']);
  });

  it('narrows to one agent or one channel', async () => {
    const alice = ok(await summary(w.owner.browser, { memberId: w.alice.user.id }));
    expect(alice.volume.totals).toEqual({ opened: 1, closed: 1 });
    expect(alice.firstResponse.all.count).toBe(1);
    expect(alice.workload).toEqual([{ id: w.alice.user.id, name: 'Alice Agent', open: 0 }]);
    const channel = ok(await summary(w.owner.browser, { channelId }));
    expect(channel.volume.totals).toEqual({ opened: 3, closed: 2 });
  });

  it('counts days in the zone it is given, and an empty day is zero, not an error', async () => {
    // In Tokyo (UTC+9) the scripted morning is the evening of 2030-01-01.
    const tokyo = ok(await summary(w.owner.browser, { timeZone: 'Asia/Tokyo', from: '2029-12-31', to: '2030-01-02' }));
    expect(tokyo.volume.days).toEqual([
      { date: '2029-12-31', opened: 0, closed: 0 },
      { date: '2030-01-01', opened: 3, closed: 2 },
      { date: '2030-01-02', opened: 0, closed: 0 },
    ]);
    expect(tokyo.heatmap.counts[2]![18]).toBe(2);
    const before = ok(await summary(w.owner.browser, { from: '2029-06-01', to: '2029-06-30' }));
    expect(before.volume.totals).toEqual({ opened: 0, closed: 0 });
    expect(before.firstResponse.all).toEqual({ count: 0, median: null, p90: null });
    expect(before.categories).toEqual([]);
  });

  it('exports every report as CSV with the same numbers', async () => {
    const csv = async (report: string) => ok(await w.owner.browser.query('reports.csv', { spaceId: w.a.id, ...day, report } as never)) as { filename: string; csv: string };
    expect(await csv('volume')).toEqual({ filename: 'kaon-volume-2030-01-01-to-2030-01-01.csv', csv: 'day,opened,closed\r\n2030-01-01,3,2\r\n' });
    expect((await csv('firstResponse')).csv).toContain('\r\nall,All,2,10,30\r\n');
    expect((await csv('resolution')).csv).toContain('\r\nagent,Bob Agent,1,150,150\r\n');
    // A comma inside a category is quoted, not a new column.
    expect((await csv('categories')).csv).toBe('category,conversations\r\nNo category,1\r\n"Billing, refunds",1\r\n');
    const heatmap = (await csv('heatmap')).csv.split('\r\n');
    expect(heatmap[0]).toMatch(/^day,00:00,01:00,.*,23:00$/);
    expect(heatmap[2]).toBe(`Tuesday,${[0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, ...Array(13).fill(0)].join(',')}`);
    expect((await csv('workload')).csv).toContain('Unassigned,1');
  });
});

describe('reports for an agent: their own numbers', () => {
  it('gets only their own conversations, however asked', async () => {
    const r = ok(await summary(w.alice.browser));
    expect(r.memberId).toBe(w.alice.user.id);
    expect(r.volume.totals).toEqual({ opened: 1, closed: 1 });
    expect(r.firstResponse.all).toEqual({ count: 1, median: 10 * MIN, p90: 10 * MIN });
    expect(r.firstResponse.byAgent.map((a) => a.name)).toEqual(['Alice Agent']);
    expect(r.members).toEqual([{ id: w.alice.user.id, name: 'Alice Agent' }]);
    expect(r.workload).toEqual([{ id: w.alice.user.id, name: 'Alice Agent', open: 0 }]);
    expect(ok(await summary(w.alice.browser, { memberId: w.alice.user.id })).volume.totals).toEqual({ opened: 1, closed: 1 });
  });

  it('is refused another member’s numbers, in words', async () => {
    const refused = failed(await summary(w.alice.browser, { memberId: w.bob.user.id }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: 'Agents see their own numbers only. Ask an owner or manager for the team’s.' });
    expect(failed(await w.alice.browser.query('reports.csv', { spaceId: w.a.id, ...day, report: 'volume', memberId: w.bob.user.id } as never)).code).toBe('FORBIDDEN');
  });
});

describe('business hours', () => {
  it('counts only time inside them, in the space’s zone (which then decides the days)', async () => {
    // 10:00–11:00 in Berlin (UTC+1 in January) is 09:00–10:00 UTC on the scripted Tuesday.
    ok(await w.owner.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: { timeZone: 'Europe/Berlin', days: { '2': [['10:00', '11:00']] } } }));
    try {
      const r = ok(await summary(w.owner.browser, { timeZone: 'Asia/Tokyo' }));
      expect(r).toMatchObject({ timeZone: 'Europe/Berlin', timeZoneFrom: 'space', businessHours: true });
      expect(r.firstResponse.all).toEqual({ count: 2, median: 10 * MIN, p90: 30 * MIN });
      // 09:00→11:00 holds one business hour; 09:30→12:00 holds half of one.
      expect(r.resolution.all).toEqual({ count: 2, median: 30 * MIN, p90: HOUR });
      expect(r.heatmap.counts[2]![10]).toBe(2);
    } finally {
      ok(await w.owner.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: null }));
    }
  });
});

describe('bad input gets a clear answer', () => {
  it.each([
    [{ from: '2030-01-02', to: '2030-01-01' }, 'to: The range ends before it starts: pick an end date on or after the start date'],
    [{ from: '2029-01-01', to: '2030-01-02' }, 'to: A report covers at most 366 days: pick a shorter range'],
    [{ from: '2030-02-30' }, 'from: Dates are written YYYY-MM-DD, like 2026-06-01'],
    [{ from: '1999-12-31' }, 'from: Pick a date between 2000 and 2099'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone: Pick a valid time zone, like Europe/Berlin'],
    [{ timeZone: 'x'.repeat(10_000) }, 'timeZone'],
    [{ channelId: 'not an id!' }, 'channelId: Not a valid id'],
  ])('%j', async (input, message) => {
    const refused = failed(await summary(w.owner.browser, input));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(message);
  });

  it('refuses an unknown report kind', async () => {
    expect(failed(await w.owner.browser.query('reports.csv', { spaceId: w.a.id, ...day, report: 'everything' } as never)).code).toBe('BAD_REQUEST');
  });

  it('another space’s ids, members and channels are not found', async () => {
    // Xavier manages space B: space A does not exist for him.
    expect(failed(await summary(w.xavier.browser)).code).toBe('NOT_FOUND');
    expect(failed(await summary(w.owner.browser, { memberId: w.xavier.user.id }))).toMatchObject({ code: 'NOT_FOUND', message: 'This member was not found.' });
    const bChannel = ok(await w.owner.browser.query('channels.list', { spaceId: w.b.id }))[0]!.id;
    expect(failed(await summary(w.owner.browser, { channelId: bChannel }))).toMatchObject({ code: 'NOT_FOUND', message: 'This channel was not found.' });
    expect(failed(await w.app.browser().query('reports.summary', { spaceId: w.a.id, ...day })).code).toBe('UNAUTHORIZED');
  });

  it('an empty space answers zeros and empty lists', async () => {
    const r = ok(await w.xavier.browser.query('reports.summary', { spaceId: w.b.id, ...day }));
    expect(r.volume.totals).toEqual({ opened: 0, closed: 0 });
    expect(r.firstResponse).toEqual({ all: { count: 0, median: null, p90: null }, byChannel: [], byAgent: [] });
    expect(r.heatmap.counts.flat().every((n) => n === 0)).toBe(true);
    expect(r.workload.at(-1)).toEqual({ id: null, name: 'Unassigned', open: 0 });
  });
});
