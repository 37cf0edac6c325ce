import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_LIMITS } from '../../shared/domain/messageLimits';
import { failed, ok } from '../testing/harness';
import {
  arrive,
  conversationRow,
  conversationsOf,
  eventually,
  healthy,
  messagesOf,
  newClientId,
  openSse,
  rows,
  snapshot,
  startWorld,
  Visitor,
  type World,
} from '../testing/messages';

// One Kaon for the file (sign-ups hash passwords, which is slow); every test uses new visitors.
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w?.app.close());

const reply = (w: World, contactId: string, body: string) =>
  w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body, clientId: newClientId() });

describe('webchat.hello', () => {
  it('remembers the visitor with an HttpOnly cookie, set once', async () => {
    const visitor = new Visitor(w.app, w.a.chatKey);
    const first = await visitor.hello();
    expect(ok(first)).toEqual({ channelName: 'Website chat', visitorName: null, messages: [], rating: null });
    const cookie = first.setCookies.find((c) => c.startsWith('kaon_visitor='));
    expect(cookie).toMatch(/^kaon_visitor=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);

    // Opening the chat again keeps the same identity.
    const again = await visitor.hello();
    expect(again.setCookies).toEqual([]);
    expect(visitor.cookie).toBe(cookie!.split(';')[0]!.slice('kaon_visitor='.length));
  });

  it('refuses an unknown chat link with NOT_FOUND and writes nothing', async () => {
    const before = snapshot(w.app);
    const visitor = new Visitor(w.app, 'x'.repeat(24));
    for (const res of [failed(await visitor.hello()), failed(await visitor.send('hello?')), failed(await visitor.browser.query('webchat.transcript', { channelKey: 'x'.repeat(24) }))]) {
      expect(res.code).toBe('NOT_FOUND');
      expect(res.message).toBe('This chat is not available. Check the link.');
    }
    expect(visitor.cookie).toBeUndefined();
    // A link that is not even shaped like one is bad input.
    const malformed = failed(await w.app.browser().mutate('webchat.hello', { channelKey: '../../etc' }));
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(snapshot(w.app)).toEqual(before);
  });
});

describe('webchat.send', () => {
  it('the first message creates the contact and an open, unassigned conversation; the next one appends', async () => {
    const before = snapshot(w.app);
    const visitor = await arrive(w.app, w.a.chatKey);
    const first = await visitor.say('Hello, my order has not arrived');

    expect(rows(w.app, 'contacts')).toBe(before.contacts + 1);
    expect(rows(w.app, 'conversations')).toBe(before.conversations + 1);
    expect(rows(w.app, 'messages')).toBe(before.messages + 1);
    const conv = conversationRow(w.app, first.conversationId);
    expect(conv).toMatchObject({ space_id: w.a.id, status: 'open', assignee_id: null, version: 1, unread: 1, last_preview: 'Hello, my order has not arrived' });
    expect(messagesOf(w.app, conv.id)).toMatchObject([{ direction: 'in', author_id: null, body: 'Hello, my order has not arrived', status: 'received' }]);

    const second = await visitor.say('Order #1234');
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.contactId).toBe(first.contactId);
    expect(conversationsOf(w.app, first.contactId)).toHaveLength(1);
    expect(messagesOf(w.app, first.conversationId).map((m) => m.body)).toEqual(['Hello, my order has not arrived', 'Order #1234']);
    expect(conversationRow(w.app, first.conversationId)).toMatchObject({ unread: 2, last_preview: 'Order #1234' });
    expect(rows(w.app, 'contacts')).toBe(before.contacts + 1);

    const transcript = await visitor.transcript();
    expect(transcript.messages.map((m) => [m.direction, m.body])).toEqual([
      ['in', 'Hello, my order has not arrived'],
      ['in', 'Order #1234'],
    ]);
  });

  it('stores one message when the same client id arrives twice', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const clientId = newClientId();
    const first = ok(await visitor.send('Are you there?', { clientId }));
    const before = snapshot(w.app);
    const retry = ok(await visitor.send('Are you there?', { clientId }));
    expect(retry.messageId).toBe(first.messageId);
    expect(snapshot(w.app)).toEqual(before);
    expect((await visitor.transcript()).messages).toHaveLength(1);
  });

  // Dedupe is per sender: another visitor choosing the same client id still gets their message stored.
  it('never drops a message because another visitor used the same client id', async () => {
    const first = await arrive(w.app, w.a.chatKey);
    const second = await arrive(w.app, w.a.chatKey);
    const clientId = newClientId();
    const mine = ok(await first.send('first visitor', { clientId }));
    const theirs = ok(await second.send('second visitor', { clientId }));
    expect(theirs.messageId).not.toBe(mine.messageId);
    expect((await second.transcript()).messages.map((m) => m.body)).toEqual(['second visitor']);
  });

  it('a new visitor is a new contact with its own conversation', async () => {
    const one = await (await arrive(w.app, w.a.chatKey)).say('one');
    const before = snapshot(w.app);
    const other = await arrive(w.app, w.a.chatKey);
    const two = await other.say('two', { name: 'Grace Hopper' });
    expect(two.contactId).not.toBe(one.contactId);
    expect(two.conversationId).not.toBe(one.conversationId);
    expect(rows(w.app, 'contacts')).toBe(before.contacts + 1);
    expect(rows(w.app, 'conversations')).toBe(before.conversations + 1);
    expect(w.app.kaon.deps.db.prepare('SELECT name FROM contacts WHERE id = ?').get(two.contactId)).toEqual({ name: 'Grace Hopper' });
    expect((await other.transcript()).visitorName).toBe('Grace Hopper');
  });

  it('sets the visitor cookie itself when the page did not say hello first', async () => {
    const visitor = new Visitor(w.app, w.a.chatKey);
    const said = await visitor.say('straight in');
    expect(visitor.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await visitor.say('still me');
    expect(again.contactId).toBe(said.contactId);
  });

  it('refuses an empty message with no files, and writes nothing', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const before = snapshot(w.app);
    for (const body of ['', '   \n\t ']) {
      const res = failed(await visitor.send(body));
      expect(res.code).toBe('BAD_REQUEST');
      expect(res.message).toBe('Write a message or attach a file before sending.');
    }
    // Not even the contact: the transaction that would have created it rolled back.
    expect(snapshot(w.app)).toEqual(before);
  });

  it(`refuses a body over ${MESSAGE_LIMITS.bodyMax} characters, and writes nothing`, async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const before = snapshot(w.app);
    const res = failed(await visitor.send('x'.repeat(MESSAGE_LIMITS.bodyMax + 1)));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toBe(`body: Messages are at most ${MESSAGE_LIMITS.bodyMax} characters`);
    expect(res.fields).toEqual({ body: [`Messages are at most ${MESSAGE_LIMITS.bodyMax} characters`] });
    expect(snapshot(w.app)).toEqual(before);
    // The limit itself is allowed.
    await visitor.say('y'.repeat(MESSAGE_LIMITS.bodyMax));
  });

  it('refuses malformed input (client id, file ids, name) as BAD_REQUEST', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const before = snapshot(w.app);
    const bad = [
      { body: 'hi', clientId: 'short' },
      { body: 'hi', clientId: 'has spaces in it' },
      { body: 'hi', clientId: newClientId(), fileIds: ['../../etc/passwd'] },
      { body: 'hi', clientId: newClientId(), name: 'n'.repeat(MESSAGE_LIMITS.visitorNameMax + 1) },
    ];
    for (const input of bad) expect(failed(await visitor.browser.raw('webchat.send', JSON.stringify({ channelKey: w.a.chatKey, ...input }))).code).toBe('BAD_REQUEST');
    expect(failed(await visitor.browser.raw('webchat.send', '{not json')).code).toBe('BAD_REQUEST');
    expect(snapshot(w.app)).toEqual(before);
  });
});

describe('webchat.transcript', () => {
  it('shows the agents’ replies with their names, never internal activity lines', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId, conversationId } = await visitor.say('Hi!');
    ok(await reply(w, contactId, 'Hello, how can I help?'));
    ok(await w.alice.browser.mutate('conversations.unassign', { spaceId: w.a.id, conversationId, version: conversationRow(w.app, conversationId).version }));

    const transcript = await visitor.transcript();
    expect(transcript.messages.map((m) => ({ direction: m.direction, body: m.body, authorName: m.authorName }))).toEqual([
      { direction: 'in', body: 'Hi!', authorName: null },
      { direction: 'out', body: 'Hello, how can I help?', authorName: 'Alice Agent' },
    ]);
    expect(JSON.stringify(transcript)).not.toMatch(/took this conversation|unassigned/);
  });

  it('is empty for someone without the cookie, and for a visitor of another channel', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    await visitor.say('private words');
    expect(ok(await w.app.browser().query('webchat.transcript', { channelKey: w.a.chatKey }))).toEqual({ visitorName: null, messages: [], rating: null });
    // The same browser on space B's chat is a stranger there.
    const sameCookieElsewhere = new Visitor(w.app, w.b.chatKey);
    sameCookieElsewhere.browser.cookies.set('kaon_visitor', visitor.cookie!);
    expect((await sameCookieElsewhere.transcript()).messages).toEqual([]);
  });
});

describe('webchat.events (SSE)', () => {
  it('ticks when an agent replies to this visitor, not for another visitor’s conversation', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const mine = await visitor.say('Is anyone there?');
    const stranger = await (await arrive(w.app, w.a.chatKey)).say('Me too');

    const stream = await openSse(visitor.browser, 'webchat.events', { channelKey: w.a.chatKey });
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toBe('text/event-stream');
      await stream.connected;

      ok(await reply(w, stranger.contactId, 'Answering someone else'));
      ok(await reply(w, mine.contactId, 'Yes, I am here'));
      await eventually('the tick for my conversation', () => stream.messages.length > 0);
      // Events arrive in order, so the stranger's reply (published first) would already be here.
      expect(stream.messages).toEqual([{ changed: mine.conversationId }]);
    } finally {
      await stream.close();
    }
  });

  it('a visitor who has not written yet hears of their first conversation; open chat pages do not listen to the whole space', async () => {
    const listenersBefore = w.app.kaon.deps.events.spaceListeners(w.a.id);
    const visitor = new Visitor(w.app, w.a.chatKey);
    ok(await visitor.hello());
    const stream = await openSse(visitor.browser, 'webchat.events', { channelKey: w.a.chatKey });
    const others = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const other = await arrive(w.app, w.a.chatKey);
        await other.say('waiting');
        return openSse(other.browser, 'webchat.events', { channelKey: w.a.chatKey });
      }),
    );
    try {
      await Promise.all([stream.connected, ...others.map((o) => o.connected)]);
      // 21 chat pages are open; none of them is woken by every event of the space.
      expect(w.app.kaon.deps.events.spaceListeners(w.a.id)).toBe(listenersBefore);
      const first = await visitor.say('My first message');
      await eventually('the page to learn of its conversation', () => stream.messages.length > 0);
      ok(await reply(w, first.contactId, 'Welcome'));
      await eventually('the tick for the reply', () => stream.messages.some((m) => (m as { changed: string | null }).changed === first.conversationId));
      // The other visitors heard nothing of it.
      for (const o of others) expect(o.messages).toEqual([]);
    } finally {
      await Promise.all([stream.close(), ...others.map((o) => o.close())]);
    }
  });

  it('yields nothing to a browser without the visitor cookie, and refuses an unknown chat', async () => {
    const anonymous = await openSse(w.app.browser(), 'webchat.events', { channelKey: w.a.chatKey });
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId } = await visitor.say('hello');
    ok(await reply(w, contactId, 'hi'));
    await anonymous.close();
    expect(anonymous.messages).toEqual([]);

    const unknown = await w.app.browser().fetch(`/trpc/webchat.events?input=${encodeURIComponent(JSON.stringify({ channelKey: 'z'.repeat(20) }))}`, {
      headers: { accept: 'text/event-stream' },
    });
    const text = await unknown.text();
    expect(text).toContain('This chat is not available');
    expect(text).not.toContain('"changed"');
  });
});

it('the server is still healthy after all of the above', async () => {
  expect(await healthy(w.app)).toEqual({ status: 200, body: { ok: true, db: 'ok' } });
});

describe('webchat.markSeen', () => {
  it('reading the transcript writes nothing; the page saying it showed the replies makes them delivered', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId, contactId } = await visitor.say('Is my order shipped?');
    ok(await reply(w, contactId, 'Yes, this morning.'));
    const statusOfReply = () => messagesOf(w.app, conversationId).find((m) => m.direction === 'out')!.status;
    expect(statusOfReply()).toBe('sent');

    const before = snapshot(w.app);
    expect((await visitor.transcript()).messages.map((m) => m.body)).toEqual(['Is my order shipped?', 'Yes, this morning.']);
    expect(snapshot(w.app)).toEqual(before);
    expect(statusOfReply()).toBe('sent');

    // Another browser without this visitor's cookie cannot mark it for them.
    ok(await w.app.browser().mutate('webchat.markSeen', { channelKey: w.a.chatKey }));
    expect(statusOfReply()).toBe('sent');

    ok(await visitor.browser.mutate('webchat.markSeen', { channelKey: w.a.chatKey }));
    expect(statusOfReply()).toBe('delivered');
  });

  it('refuses an unknown chat link', async () => {
    const res = failed(await w.app.browser().mutate('webchat.markSeen', { channelKey: 'y'.repeat(24) }));
    expect(res.code).toBe('NOT_FOUND');
  });
});
