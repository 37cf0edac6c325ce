import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docNames, roomName } from '../../shared/sync/docNames';
import { ydocs } from '../db/ydocs';
import { QUEUE, type QueueItem } from '../../shared/sync/shapes';
import { ok } from '../testing/harness';
import { arrive, conversationRow, convDoc, eventually, newClientId, queueDoc, startWorld, type World } from '../testing/messages';
import { projectConversation } from './conversationDocs';

// One Kaon for the file; each test starts its own conversations from new visitors.
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w?.app.close());

const closedCountInSql = (spaceId: string) =>
  (w.app.kaon.deps.db.prepare("SELECT count(*) AS n FROM conversations WHERE space_id = ? AND status = 'closed'").get(spaceId) as { n: number }).n;

/** Counts the updates a doc receives while `fn` runs. */
async function updatesDuring(doc: Y.Doc, fn: () => Promise<unknown> | void): Promise<number> {
  let n = 0;
  const count = () => void n++;
  doc.on('update', count);
  try {
    await fn();
  } finally {
    doc.off('update', count);
  }
  return n;
}

describe('the queue doc (s.<space>.queue)', () => {
  it('lists an open conversation with its assignee, preview and unread count as they change', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId, conversationId } = await visitor.say('First question');
    const contactName = (w.app.kaon.deps.db.prepare('SELECT name FROM contacts WHERE id = ?').get(contactId) as { name: string }).name;
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)).toEqual<QueueItem>({
      id: conversationId,
      contactId,
      contactName,
      channelKind: 'webchat',
      channelName: 'Website chat',
      assigneeId: null,
      assigneeName: null,
      preview: 'First question',
      lastAt: w.app.clock.now(),
      unread: 1,
      version: 1,
      openedAt: w.app.clock.now(),
    });

    w.app.clock.advance(5000);
    await visitor.say('Second   question,\n on two lines');
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)).toMatchObject({ preview: 'Second question, on two lines', unread: 2, lastAt: w.app.clock.now() });

    ok(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'Answer', clientId: newClientId() }));
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)).toMatchObject({ assigneeId: w.alice.user.id, assigneeName: 'Alice Agent', version: 2, preview: 'Answer', unread: 0 });

    ok(await w.alice.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 2, assigneeId: w.bob.user.id }));
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)).toMatchObject({ assigneeId: w.bob.user.id, assigneeName: 'Bob Agent', version: 3 });
    ok(await w.bob.browser.mutate('conversations.unassign', { spaceId: w.a.id, conversationId, version: 3 }));
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)).toMatchObject({ assigneeId: null, assigneeName: null, version: 4 });
  });

  it('markRead resets the unread count; marking it again changes nothing', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId } = await visitor.say('one');
    await visitor.say('two');
    await visitor.say('three');
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)?.unread).toBe(3);

    expect(ok(await w.bob.browser.mutate('conversations.markRead', { spaceId: w.a.id, conversationId }))).toEqual({ ok: true });
    expect(conversationRow(w.app, conversationId).unread).toBe(0);
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)?.unread).toBe(0);

    const { doc } = queueDoc(w.app, w.a.id);
    const updates = await updatesDuring(doc, async () => {
      ok(await w.bob.browser.mutate('conversations.markRead', { spaceId: w.a.id, conversationId }));
    });
    expect(updates).toBe(0);
  });

  it('closing removes the conversation and counts it in meta.closedCount; writing again brings the contact back', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId } = await visitor.say('Bye soon');
    const closedBefore = closedCountInSql(w.a.id);
    expect(queueDoc(w.app, w.a.id).open.has(conversationId)).toBe(true);

    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 1 }));
    const queue = queueDoc(w.app, w.a.id);
    expect(queue.open.has(conversationId)).toBe(false);
    expect(queue.closedCount).toBe(closedBefore + 1);
    expect(queue.closedCount).toBe(closedCountInSql(w.a.id));

    const again = await visitor.say('I am back');
    expect(queueDoc(w.app, w.a.id).open.get(again.conversationId)).toMatchObject({ assigneeId: null, unread: 1, version: 1, preview: 'I am back' });
    expect(queueDoc(w.app, w.a.id).open.has(conversationId)).toBe(false);
  });

  it('follows the contact’s name when a visitor introduces themself', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId, contactId } = await visitor.say('hi');
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)?.contactName).toMatch(/^Visitor [A-Z0-9_-]{4}$/);
    await visitor.say('I am Ada', { name: 'Ada Lovelace' });
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)?.contactName).toBe('Ada Lovelace');
    expect(convDoc(w.app, w.a.id, conversationId).state?.contactName).toBe('Ada Lovelace');
    // Search follows too.
    const found = ok(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: 'lovel' }));
    expect(found).toEqual([expect.objectContaining({ kind: 'contact', id: contactId, conversationId })]);
  });

  it('never shows another space’s conversations', async () => {
    const theirs = await (await arrive(w.app, w.b.chatKey)).say('Beta customer');
    expect(queueDoc(w.app, w.a.id).open.has(theirs.conversationId)).toBe(false);
    expect(queueDoc(w.app, w.b.id).open.get(theirs.conversationId)).toMatchObject({ preview: 'Beta customer' });
    const ids = [...queueDoc(w.app, w.a.id).open.keys()];
    const spaces = new Set(ids.map((id) => conversationRow(w.app, id).space_id));
    expect([...spaces]).toEqual([w.a.id]);
  });
});

describe('the conversation doc (s.<space>.conv.<id>)', () => {
  it('holds the messages, the activity lines and the state, including the closing note', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const clientId = newClientId();
    const { contactId, conversationId, messageId } = await visitor.say('My parcel is lost', { clientId });
    w.app.clock.advance(1000);
    const reply = ok(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'Let me check', clientId: newClientId() }));
    w.app.clock.advance(1000);
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 2, category: 'Resolved', summary: 'Parcel found' }));

    const { state, items } = convDoc(w.app, w.a.id, conversationId);
    expect(state).toMatchObject({
      id: conversationId,
      contactId,
      channelKind: 'webchat',
      status: 'closed',
      assigneeId: null,
      assigneeName: null,
      version: 3,
      closedAt: w.app.clock.now(),
      closedByName: 'Alice Agent',
      closingCategory: 'Resolved',
      closingSummary: 'Parcel found',
    });
    // The reply and the assignment it caused share a timestamp, so compare without order.
    const shown = items.map((i) => (i.kind === 'message' ? [i.kind, i.direction, i.body, i.authorName] : [i.kind, i.text]));
    expect(shown).toHaveLength(4);
    expect(shown).toEqual(
      expect.arrayContaining([
        ['message', 'in', 'My parcel is lost', null],
        ['activity', 'Alice Agent took this conversation by replying'],
        ['message', 'out', 'Let me check', 'Alice Agent'],
        ['activity', 'Closed by Alice Agent — Resolved: Parcel found'],
      ]),
    );
    expect(items.find((i) => i.id === messageId)).toMatchObject({ kind: 'message', clientId, files: [], status: 'received' });
    expect(items.find((i) => i.id === reply.messageId)).toMatchObject({ kind: 'message', direction: 'out' });
  });

  it('reflects assignment while open', async () => {
    const { conversationId } = await (await arrive(w.app, w.a.chatKey)).say('hello');
    expect(convDoc(w.app, w.a.id, conversationId).state).toMatchObject({ status: 'open', assigneeId: null, version: 1, closedAt: null, closingCategory: null });
    ok(await w.bob.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId: w.bob.user.id }));
    const { state, items } = convDoc(w.app, w.a.id, conversationId);
    expect(state).toMatchObject({ status: 'open', assigneeId: w.bob.user.id, assigneeName: 'Bob Agent', version: 2 });
    expect(items.filter((i) => i.kind === 'activity').map((i) => i.kind === 'activity' && i.text)).toEqual(['Bob Agent assigned this to themself']);
  });
});

describe('projectConversation', () => {
  it('is idempotent: projecting again writes no update', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId, conversationId } = await visitor.say('Once');
    ok(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'Twice', clientId: newClientId() }));
    const queue = queueDoc(w.app, w.a.id).doc;
    const conv = convDoc(w.app, w.a.id, conversationId).doc;
    const updates = await updatesDuring(queue, () => updatesDuring(conv, () => projectConversation(w.app.kaon.deps.db, w.app.kaon.collab, w.a.id, conversationId)).then((n) => expect(n).toBe(0)));
    expect(updates).toBe(0);
    // An id of another space projects nothing into this one.
    const theirs = await (await arrive(w.app, w.b.chatKey)).say('elsewhere');
    expect(await updatesDuring(queue, () => projectConversation(w.app.kaon.deps.db, w.app.kaon.collab, w.a.id, theirs.conversationId))).toBe(0);
  });
});

describe("a rebased conversation doc's queue row", () => {
  it('carries the epoch its doc moved to (absent before), in the queue doc and the first screen', async () => {
    const { conversationId } = await (await arrive(w.app, w.a.chatKey)).say('A long story');
    const { db } = w.app.kaon.deps;
    const open = () => queueDoc(w.app, w.a.id).doc.getMap<QueueItem>(QUEUE.open).get(conversationId);
    expect(open()).not.toHaveProperty('epoch');
    // The doc moves to epoch 1 (as the sync server's rebase does); its row is projected again.
    const name = docNames.conv(w.a.id, conversationId);
    ydocs.rebase(db, name, { room: name }, { room: roomName(name, 1), epoch: 1 }, Y.encodeStateAsUpdate(new Y.Doc()), Date.now());
    projectConversation(db, w.app.kaon.collab, w.a.id, conversationId);
    expect(open()).toMatchObject({ id: conversationId, epoch: 1 });
    const screen = ok(await w.alice.browser.query('conversations.firstScreen', { spaceId: w.a.id }));
    expect(screen.rows[conversationId]).toMatchObject({ epoch: 1 });
  });
});

describe('a real y-websocket client', () => {
  it('of a signed-in member sees conversations arrive in the queue and leave it when closed', async () => {
    const session = w.bob.browser.cookies.get('kaon_session');
    expect(session).toBeTruthy();
    class CookieWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: `kaon_session=${session}` } });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(w.app.url.replace(/^http/, 'ws') + '/yjs', docNames.queue(w.a.id), doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    try {
      await eventually('synced', () => provider.synced);
      const open = doc.getMap<QueueItem>(QUEUE.open);
      const { conversationId } = await (await arrive(w.app, w.a.chatKey)).say('Live!');
      await eventually('the new conversation in the queue', () => open.get(conversationId)?.preview === 'Live!');
      ok(await w.bob.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 1 }));
      await eventually('the closed conversation gone', () => !open.has(conversationId));
      expect(doc.getMap<number>(QUEUE.meta).get('closedCount')).toBe(closedCountInSql(w.a.id));
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });
});
