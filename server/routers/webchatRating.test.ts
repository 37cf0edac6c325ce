import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATING_WINDOW_MS } from '../../shared/domain/satisfaction';
import { failed, ok } from '../testing/harness';
import { arrive, conversationRow, convDoc, rows, startWorld, type World } from '../testing/messages';

// Customer satisfaction on the website chat: a channel that asks offers the customer a rating of
// their closed conversation; the agents read it in the thread and on the contact.

let w: World;
let webchatId: string;
beforeAll(async () => {
  w = await startWorld({ chatMessagesPerMinute: 1e6, chatMessagesPerMinutePerIp: 1e6, sessionTtlMs: 365 * 86_400_000 });
  webchatId = ok(await w.owner.browser.query('channels.list', { spaceId: w.a.id })).find((c) => c.kind === 'webchat')!.id;
});
afterAll(() => w?.app.close());

const ratingCount = () => (w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM ratings').get() as { n: number }).n;
async function closedConversation(text = 'Where is my parcel?') {
  const visitor = await arrive(w.app, w.a.chatKey);
  const { conversationId, contactId } = await visitor.say(text);
  ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: conversationRow(w.app, conversationId).version }));
  return { visitor, conversationId, contactId };
}
const rate = (visitor: Awaited<ReturnType<typeof arrive>>, input: Record<string, unknown>) => visitor.browser.raw('webchat.rate', JSON.stringify({ channelKey: w.a.chatKey, ...input }));

describe('asking for a rating', () => {
  it('is off by default: the page is not asked, and a rating is refused', async () => {
    expect(ok(await w.owner.browser.query('channels.list', { spaceId: w.a.id })).find((c) => c.id === webchatId)?.askRating).toBe(false);
    const { visitor, conversationId } = await closedConversation();
    expect((await visitor.transcript()).rating).toBeNull();
    expect(failed(await rate(visitor, { conversationId, score: 5 }))).toMatchObject({ code: 'BAD_REQUEST', message: 'This chat does not ask for ratings.' });
  });

  it('only owners and managers turn it on, only for a website chat of their space', async () => {
    expect(failed(await w.alice.browser.mutate('channels.setAskRating', { spaceId: w.a.id, channelId: webchatId, askRating: true }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failed(await w.xavier.browser.mutate('channels.setAskRating', { spaceId: w.b.id, channelId: webchatId, askRating: true }))).toMatchObject({ code: 'NOT_FOUND' });
    ok(await w.owner.browser.mutate('channels.setAskRating', { spaceId: w.a.id, channelId: webchatId, askRating: true }));
    expect(ok(await w.owner.browser.query('channels.list', { spaceId: w.a.id })).find((c) => c.id === webchatId)?.askRating).toBe(true);
  });
});

describe('a customer rates their closed conversation', () => {
  it('once: the thread says it, the contact keeps it, the page thanks them', async () => {
    const { visitor, conversationId, contactId } = await closedConversation();
    expect((await visitor.transcript()).rating).toEqual({ conversationId, rated: null });
    expect(ok(await rate(visitor, { conversationId, score: 4, comment: '  Quick answer  ' }))).toEqual({ score: 4, comment: 'Quick answer' });
    expect((await visitor.transcript()).rating).toEqual({ conversationId, rated: { score: 4, comment: 'Quick answer' } });
    const lines = convDoc(w.app, w.a.id, conversationId).items.filter((i) => i.kind === 'activity').map((i) => (i.kind === 'activity' ? i.text : ''));
    expect(lines.at(-1)).toMatch(/^Visitor [A-Z0-9_-]{4} rated this 4 of 5 \(Good\): “Quick answer”$/);
    const history = ok(await w.bob.browser.query('conversations.history', { spaceId: w.a.id, contactId }));
    expect(history.at(-1)).toMatchObject({ id: conversationId, rating: { score: 4, comment: 'Quick answer' } });
    expect(failed(await rate(visitor, { conversationId, score: 1 }))).toMatchObject({ code: 'BAD_REQUEST', message: 'You have already rated this conversation. Thank you!' });

    // The Reports module counts it for the team; an agent sees only her own conversations' ratings.
    const day = { spaceId: w.a.id, from: '2030-01-01', to: '2030-01-01', timeZone: 'UTC' };
    const team = ok(await w.owner.browser.query('reports.summary', day)).satisfaction;
    expect(team).toEqual({ count: 1, average: 4, scores: [5, 4, 3, 2, 1].map((score) => ({ score, count: score === 4 ? 1 : 0 })) });
    expect(ok(await w.alice.browser.query('reports.summary', day)).satisfaction.count).toBe(0);
    const csv = ok(await w.owner.browser.query('reports.csv', { ...day, report: 'satisfaction' }));
    expect(csv.csv.trim().split(/\r?\n/)).toEqual(['rating,ratings', '5,0', '4,1', '3,0', '2,0', '1,0']);
  });

  it('bad input, an open conversation, someone else\'s conversation, no cookie, too late: refused in words, nothing stored', async () => {
    const { visitor, conversationId } = await closedConversation();
    const other = await closedConversation('Someone else');
    const before = { ratings: ratingCount(), activities: rows(w.app, 'activities') };
    for (const [input, words] of [
      [{ conversationId, score: 0 }, 'Pick a rating from 1 to 5'],
      [{ conversationId, score: 6 }, 'Pick a rating from 1 to 5'],
      [{ conversationId, score: 2.5 }, 'Pick a rating from 1 to 5'],
      [{ conversationId, score: '5' }, 'score'],
      [{ conversationId, score: 3, comment: 'x'.repeat(1001) }, 'A comment is at most 1000 characters'],
      [{ conversationId: other.conversationId, score: 5 }, 'This conversation'],
      [{ conversationId: 'no-such-conversation-id', score: 5 }, 'This conversation'],
    ] as const) {
      expect(failed(await rate(visitor, input)).message, JSON.stringify(input)).toContain(words);
    }
    expect(failed(await w.app.browser().raw('webchat.rate', JSON.stringify({ channelKey: w.a.chatKey, conversationId, score: 5 }))).code).toBe('NOT_FOUND');
    expect(failed(await visitor.browser.raw('webchat.rate', '{"channelKey":')).code).toBe('BAD_REQUEST');
    const open = await arrive(w.app, w.a.chatKey);
    const openId = (await open.say('Still open')).conversationId;
    expect(failed(await rate(open, { conversationId: openId, score: 5 })).message).toBe('This conversation is still open.');
    w.app.clock.advance(RATING_WINDOW_MS + 1);
    expect((await visitor.transcript()).rating).toBeNull();
    expect(failed(await rate(visitor, { conversationId, score: 5 })).message).toBe('This conversation was closed too long ago to rate it.');
    expect({ ratings: ratingCount(), activities: rows(w.app, 'activities') }).toEqual(before);
  });
});
