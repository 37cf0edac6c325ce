import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failed, ok, type Browser } from '../testing/harness';
import {
  activityTexts,
  arrive,
  chatKeyOf,
  conversationRow,
  conversationsOf,
  healthy,
  messagesOf,
  newClientId,
  rawMutation,
  rows,
  snapshot,
  startWorld,
  type World,
} from '../testing/messages';

// One Kaon for the file (sign-ups hash passwords, which is slow); every test starts its own
// conversations from new visitors, so tests do not depend on each other.
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w?.app.close());

/** A new visitor writes to space A (or B): an open, unassigned conversation. */
async function incoming(space: 'a' | 'b' = 'a', body = 'Hello, I need help') {
  const visitor = await arrive(w.app, w[space].chatKey);
  return { visitor, ...(await visitor.say(body)) };
}

function send(browser: Browser, contactId: string, body: string, clientId = newClientId(), spaceId = w.a.id) {
  return browser.mutate('conversations.send', { spaceId, contactId, body, clientId });
}

describe('conversations.send (agent reply)', () => {
  it('replying to an unassigned conversation assigns it to the replier', async () => {
    const { contactId, conversationId } = await incoming();
    const sent = ok(await send(w.alice.browser, contactId, 'Hi, I am Alice. How can I help?'));
    expect(sent).toMatchObject({ duplicate: false, conversationId });

    expect(conversationRow(w.app, conversationId)).toMatchObject({ status: 'open', assignee_id: w.alice.user.id, version: 2, unread: 0 });
    expect(activityTexts(w.app, conversationId)).toEqual(['Alice Agent took this conversation by replying']);
    expect(messagesOf(w.app, conversationId).at(-1)).toMatchObject({ id: sent.messageId, direction: 'out', author_id: w.alice.user.id, body: 'Hi, I am Alice. How can I help?' });

    // Another agent's reply leaves it with Alice: no new assignment, no new activity line.
    ok(await send(w.bob.browser, contactId, 'Bob here, chiming in'));
    expect(conversationRow(w.app, conversationId)).toMatchObject({ assignee_id: w.alice.user.id, version: 2 });
    expect(activityTexts(w.app, conversationId)).toHaveLength(1);
  });

  it('replying to a contact whose conversation is closed opens a new one, assigned to the replier', async () => {
    const { contactId, conversationId } = await incoming();
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 1 }));
    const before = rows(w.app, 'conversations');

    const sent = ok(await send(w.bob.browser, contactId, 'Following up on your question'));
    expect(sent.conversationId).not.toBe(conversationId);
    expect(rows(w.app, 'conversations')).toBe(before + 1);
    expect(conversationsOf(w.app, contactId).map((c) => [c.id, c.status, c.assignee_id])).toEqual([
      [conversationId, 'closed', null],
      [sent.conversationId, 'open', w.bob.user.id],
    ]);
    expect(activityTexts(w.app, sent.conversationId)).toEqual(['Bob Agent opened this conversation by replying']);
    expect(conversationRow(w.app, sent.conversationId).channel_id).toBe(conversationRow(w.app, conversationId).channel_id);
  });

  it('two agents replying at once: one takes the conversation, the other does not take it back', async () => {
    const { contactId, conversationId } = await incoming();
    const [a, b] = await Promise.all([send(w.alice.browser, contactId, 'Alice here'), send(w.bob.browser, contactId, 'Bob here')]);
    expect(ok(a).conversationId).toBe(conversationId);
    expect(ok(b).conversationId).toBe(conversationId);
    const row = conversationRow(w.app, conversationId);
    expect([w.alice.user.id, w.bob.user.id]).toContain(row.assignee_id);
    expect(row.version).toBe(2);
    expect(activityTexts(w.app, conversationId)).toHaveLength(1);
    expect(messagesOf(w.app, conversationId)).toHaveLength(3);
  });

  it('stores one message when the same client id is sent twice', async () => {
    const { contactId } = await incoming();
    const clientId = newClientId();
    const first = ok(await send(w.alice.browser, contactId, 'Only once', clientId));
    const before = snapshot(w.app);
    const retry = ok(await send(w.alice.browser, contactId, 'Only once', clientId));
    expect(retry).toMatchObject({ duplicate: true, messageId: first.messageId, conversationId: first.conversationId });
    expect(snapshot(w.app)).toEqual(before);
  });

  it('refuses a contact of another space (NOT_FOUND) and writes nothing', async () => {
    const theirs = await incoming('b');
    const before = snapshot(w.app);
    const res = failed(await send(w.alice.browser, theirs.contactId, 'Hello stranger'));
    expect(res.code).toBe('NOT_FOUND');
    expect(res.message).toBe('This contact was not found.');
    expect(failed(await send(w.alice.browser, 'NoSuchContact1', 'Hello?')).code).toBe('NOT_FOUND');
    expect(snapshot(w.app)).toEqual(before);
    expect(conversationRow(w.app, theirs.conversationId)).toMatchObject({ assignee_id: null, version: 1 });
  });

  it('an empty reply is refused and does not assign the conversation', async () => {
    const { contactId, conversationId } = await incoming();
    const before = snapshot(w.app);
    const res = failed(await send(w.alice.browser, contactId, '  \n '));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toBe('Write a message or attach a file before sending.');
    expect(snapshot(w.app)).toEqual(before);
    expect(conversationRow(w.app, conversationId)).toMatchObject({ assignee_id: null, version: 1 });
  });
});

describe('conversations.assign / unassign', () => {
  it('bump the version and record who did what', async () => {
    const { conversationId } = await incoming();
    const assigned = ok(await w.alice.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId: w.bob.user.id }));
    expect(assigned).toEqual({ status: 'open', assigneeId: w.bob.user.id, version: 2 });
    const self = ok(await w.alice.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 2, assigneeId: w.alice.user.id }));
    expect(self).toEqual({ status: 'open', assigneeId: w.alice.user.id, version: 3 });
    const none = ok(await w.bob.browser.mutate('conversations.unassign', { spaceId: w.a.id, conversationId, version: 3 }));
    expect(none).toEqual({ status: 'open', assigneeId: null, version: 4 });

    expect(conversationRow(w.app, conversationId)).toMatchObject({ assignee_id: null, version: 4 });
    expect(activityTexts(w.app, conversationId)).toEqual(['Alice Agent assigned this to Bob Agent', 'Alice Agent assigned this to themself', 'Bob Agent unassigned Alice Agent']);
  });

  it('changing nothing keeps the version and writes nothing', async () => {
    const { conversationId } = await incoming();
    const before = snapshot(w.app);
    expect(ok(await w.alice.browser.mutate('conversations.unassign', { spaceId: w.a.id, conversationId, version: 1 }))).toEqual({ status: 'open', assigneeId: null, version: 1 });
    expect(snapshot(w.app)).toEqual(before);
    ok(await w.alice.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId: w.bob.user.id }));
    const again = ok(await w.alice.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 2, assigneeId: w.bob.user.id }));
    expect(again).toEqual({ status: 'open', assigneeId: w.bob.user.id, version: 2 });
    expect(activityTexts(w.app, conversationId)).toHaveLength(1);
  });

  it('a stale version is a CONFLICT that carries the current state, and writes nothing', async () => {
    const { conversationId } = await incoming();
    ok(await w.bob.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId: w.bob.user.id }));
    const before = snapshot(w.app);

    // Alice still sees version 1.
    for (const [path, input] of [
      ['conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId: w.alice.user.id }],
      ['conversations.unassign', { spaceId: w.a.id, conversationId, version: 1 }],
      ['conversations.close', { spaceId: w.a.id, conversationId, version: 1, category: 'Resolved' }],
    ] as const) {
      const res = await rawMutation(w.alice.browser, path, input);
      expect(res.status).toBe(409);
      expect(res.error?.message).toBe('Someone else changed this conversation first. It now shows the latest state.');
      expect(res.error?.data.code).toBe('CONFLICT');
      expect(res.error?.data.current).toEqual({ status: 'open', assigneeId: w.bob.user.id, version: 2 });
    }
    expect(snapshot(w.app)).toEqual(before);
    expect(conversationRow(w.app, conversationId)).toMatchObject({ status: 'open', assignee_id: w.bob.user.id, version: 2 });
  });

  it('refuses to assign to someone who is not a member of the space (NOT_FOUND)', async () => {
    const { conversationId } = await incoming();
    const before = snapshot(w.app);
    for (const assigneeId of [w.xavier.user.id, 'NoSuchUser12']) {
      const res = failed(await w.alice.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId }));
      expect(res.code).toBe('NOT_FOUND');
      expect(res.message).toBe('This member was not found.');
    }
    expect(snapshot(w.app)).toEqual(before);
    expect(conversationRow(w.app, conversationId)).toMatchObject({ assignee_id: null, version: 1 });
  });
});

describe('conversations.close', () => {
  it('clears the assignee and records who closed it and why', async () => {
    const { contactId, conversationId } = await incoming();
    ok(await send(w.alice.browser, contactId, 'Refund issued'));
    w.app.clock.advance(60_000);
    const closed = ok(
      await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 2, category: ' Resolved ', summary: ' Refund issued ' }),
    );
    expect(closed).toEqual({ status: 'closed', assigneeId: null, version: 3 });
    expect(conversationRow(w.app, conversationId)).toMatchObject({
      status: 'closed',
      assignee_id: null,
      version: 3,
      closed_by: w.alice.user.id,
      closed_at: w.app.clock.now(),
      closing_category: 'Resolved',
      closing_summary: 'Refund issued',
    });
    expect(activityTexts(w.app, conversationId).at(-1)).toBe('Closed by Alice Agent — Resolved: Refund issued');

    const list = ok(await w.bob.browser.query('conversations.closed', { spaceId: w.a.id }));
    expect(list.items[0]).toMatchObject({ id: conversationId, contactId, closedByName: 'Alice Agent', closingCategory: 'Resolved', closingSummary: 'Refund issued', preview: 'Refund issued' });
    expect(ok(await w.bob.browser.query('conversations.history', { spaceId: w.a.id, contactId }))).toEqual([
      expect.objectContaining({ id: conversationId, status: 'closed', closedByName: 'Alice Agent', closingCategory: 'Resolved', closingSummary: 'Refund issued' }),
    ]);
  });

  it('without a note under the optional policy says just who closed it', async () => {
    const { conversationId } = await incoming();
    ok(await w.bob.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 1 }));
    expect(conversationRow(w.app, conversationId)).toMatchObject({ status: 'closed', closing_category: null, closing_summary: null, closed_by: w.bob.user.id });
    expect(activityTexts(w.app, conversationId)).toEqual(['Closed by Bob Agent']);
  });

  it('closing twice is FORBIDDEN, and so is assigning a closed conversation', async () => {
    const { conversationId } = await incoming();
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 1 }));
    const before = snapshot(w.app);
    const twice = failed(await w.bob.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 2 }));
    expect(twice.code).toBe('FORBIDDEN');
    expect(twice.message).toBe('This conversation is closed.');
    expect(failed(await w.bob.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 2, assigneeId: w.bob.user.id })).code).toBe('FORBIDDEN');
    expect(failed(await w.bob.browser.mutate('conversations.unassign', { spaceId: w.a.id, conversationId, version: 2 })).code).toBe('FORBIDDEN');
    expect(snapshot(w.app)).toEqual(before);
    expect(conversationRow(w.app, conversationId)).toMatchObject({ closed_by: w.alice.user.id, version: 2 });
  });

  it('after closing, the visitor writing again opens a new, unassigned conversation', async () => {
    const { visitor, contactId, conversationId } = await incoming();
    ok(await send(w.alice.browser, contactId, 'Done!'));
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 2, category: 'Question answered' }));
    w.app.clock.advance(1000);

    const again = await visitor.say('One more thing…');
    expect(again.contactId).toBe(contactId);
    expect(again.conversationId).not.toBe(conversationId);
    expect(conversationRow(w.app, again.conversationId)).toMatchObject({ status: 'open', assignee_id: null, version: 1, unread: 1 });
    expect(conversationRow(w.app, conversationId).status).toBe('closed');
    const history = ok(await w.alice.browser.query('conversations.history', { spaceId: w.a.id, contactId }));
    expect(history.map((h) => [h.id, h.status, h.closingCategory])).toEqual([
      [conversationId, 'closed', 'Question answered'],
      [again.conversationId, 'open', null],
    ]);
    // The visitor's page shows the whole story.
    expect((await visitor.transcript()).messages.map((m) => m.body)).toEqual(['Hello, I need help', 'Done!', 'One more thing…']);
  });

  describe('closing-note policy', () => {
    let gamma: { id: string; chatKey: string };
    beforeAll(async () => {
      // Its own space, so the policy change touches no other test.
      const id = ok(await w.owner.browser.mutate('spaces.create', { name: 'Gamma' })).id;
      gamma = { id, chatKey: await chatKeyOf(w.owner.browser, id) };
    });

    it('"category" refuses a close without a category or with an unknown one, and writes nothing', async () => {
      expect(ok(await w.owner.browser.query('settings.closing', { spaceId: gamma.id }))).toEqual({
        policy: 'optional',
        categories: ['Resolved', 'Question answered', 'Not a customer', 'Spam'],
        autoCloseHours: null,
      });
      ok(await w.owner.browser.mutate('settings.setClosing', { spaceId: gamma.id, policy: 'category', categories: ['Resolved', 'Spam'] }));
      const { conversationId } = await (await arrive(w.app, gamma.chatKey)).say('Buy cheap watches');
      const before = snapshot(w.app);

      const missing = failed(await w.owner.browser.mutate('conversations.close', { spaceId: gamma.id, conversationId, version: 1, summary: 'spam' }));
      expect(missing.code).toBe('BAD_REQUEST');
      expect(missing.message).toBe('Pick a closing category to close this conversation.');
      const blank = failed(await w.owner.browser.mutate('conversations.close', { spaceId: gamma.id, conversationId, version: 1, category: '   ' }));
      expect(blank.code).toBe('BAD_REQUEST');
      const unknown = failed(await w.owner.browser.mutate('conversations.close', { spaceId: gamma.id, conversationId, version: 1, category: 'Question answered' }));
      expect(unknown.code).toBe('BAD_REQUEST');
      expect(unknown.message).toBe('“Question answered” is not a closing category of this space.');
      expect(snapshot(w.app)).toEqual(before);
      expect(conversationRow(w.app, conversationId)).toMatchObject({ status: 'open', version: 1, closed_by: null });

      ok(await w.owner.browser.mutate('conversations.close', { spaceId: gamma.id, conversationId, version: 1, category: 'Spam' }));
      expect(activityTexts(w.app, conversationId)).toEqual(['Closed by Olivia Owner — Spam']);
    });

    it('"categoryAndSummary" needs a summary too; "off" ignores any note', async () => {
      ok(await w.owner.browser.mutate('settings.setClosing', { spaceId: gamma.id, policy: 'categoryAndSummary', categories: ['Resolved'] }));
      const first = await (await arrive(w.app, gamma.chatKey)).say('Hi');
      const res = failed(await w.owner.browser.mutate('conversations.close', { spaceId: gamma.id, conversationId: first.conversationId, version: 1, category: 'Resolved' }));
      expect(res.message).toBe('Write a short summary to close this conversation.');

      ok(await w.owner.browser.mutate('settings.setClosing', { spaceId: gamma.id, policy: 'off', categories: [] }));
      ok(await w.owner.browser.mutate('conversations.close', { spaceId: gamma.id, conversationId: first.conversationId, version: 1, category: 'Whatever', summary: 'ignored' }));
      expect(conversationRow(w.app, first.conversationId)).toMatchObject({ status: 'closed', closing_category: null, closing_summary: null });
      expect(activityTexts(w.app, first.conversationId)).toEqual(['Closed by Olivia Owner']);
    });

    it('only owners and managers change it', async () => {
      const before = ok(await w.owner.browser.query('settings.closing', { spaceId: w.a.id }));
      const res = failed(await w.alice.browser.mutate('settings.setClosing', { spaceId: w.a.id, policy: 'off', categories: [] }));
      expect(res.code).toBe('FORBIDDEN');
      expect(res.message).toBe('Only owners and managers can do this.');
      expect(ok(await w.alice.browser.query('settings.closing', { spaceId: w.a.id }))).toEqual(before);
      // A policy that needs categories needs at least one.
      const empty = failed(await w.owner.browser.mutate('settings.setClosing', { spaceId: gamma.id, policy: 'category', categories: [] }));
      expect(empty.code).toBe('BAD_REQUEST');
    });
  });
});

describe('conversations.closed', () => {
  it('lists the newest first with the total, paged by closedAt', async () => {
    const id = ok(await w.owner.browser.mutate('spaces.create', { name: 'Delta' })).id;
    const key = await chatKeyOf(w.owner.browser, id);
    const closed: string[] = [];
    for (const body of ['first', 'second', 'third']) {
      const { conversationId } = await (await arrive(w.app, key)).say(body);
      w.app.clock.advance(1000);
      ok(await w.owner.browser.mutate('conversations.close', { spaceId: id, conversationId, version: 1 }));
      closed.push(conversationId);
    }
    const page1 = ok(await w.owner.browser.query('conversations.closed', { spaceId: id, limit: 2 }));
    expect(page1.total).toBe(3);
    expect(page1.items.map((c) => [c.id, c.preview])).toEqual([
      [closed[2], 'third'],
      [closed[1], 'second'],
    ]);
    const page2 = ok(await w.owner.browser.query('conversations.closed', { spaceId: id, limit: 2, before: page1.items.at(-1)!.closedAt }));
    expect(page2.items.map((c) => c.id)).toEqual([closed[0]]);
  });

  // Paging by (closed_at, id): conversations closed in the same millisecond are never skipped.
  it('does not skip conversations closed at the same moment when paging', async () => {
    const id = ok(await w.owner.browser.mutate('spaces.create', { name: 'Epsilon' })).id;
    const key = await chatKeyOf(w.owner.browser, id);
    for (const body of ['a', 'b', 'c']) {
      const { conversationId } = await (await arrive(w.app, key)).say(body);
      ok(await w.owner.browser.mutate('conversations.close', { spaceId: id, conversationId, version: 1 }));
    }
    const page1 = ok(await w.owner.browser.query('conversations.closed', { spaceId: id, limit: 2 }));
    const page2 = ok(await w.owner.browser.query('conversations.closed', { spaceId: id, limit: 2, before: page1.items.at(-1)!.closedAt, beforeId: page1.items.at(-1)!.id }));
    expect(new Set([...page1.items, ...page2.items].map((c) => c.id)).size).toBe(3);
  });
});

describe('permissions and spaces', () => {
  it('every procedure with another space’s ids is NOT_FOUND and changes nothing', async () => {
    const theirs = await incoming('b');
    const b = { contactId: theirs.contactId, conversationId: theirs.conversationId };
    const before = snapshot(w.app);
    const alice = w.alice.browser;
    const calls = [
      // Alice's own space, the other space's records.
      alice.mutate('conversations.send', { spaceId: w.a.id, contactId: b.contactId, body: 'hi', clientId: newClientId() }),
      alice.mutate('conversations.assign', { spaceId: w.a.id, conversationId: b.conversationId, version: 1, assigneeId: w.alice.user.id }),
      alice.mutate('conversations.unassign', { spaceId: w.a.id, conversationId: b.conversationId, version: 1 }),
      alice.mutate('conversations.close', { spaceId: w.a.id, conversationId: b.conversationId, version: 1 }),
      alice.mutate('conversations.markRead', { spaceId: w.a.id, conversationId: b.conversationId }),
      alice.query('conversations.history', { spaceId: w.a.id, contactId: b.contactId }),
      // The other space itself.
      alice.mutate('conversations.send', { spaceId: w.b.id, contactId: b.contactId, body: 'hi', clientId: newClientId() }),
      alice.mutate('conversations.assign', { spaceId: w.b.id, conversationId: b.conversationId, version: 1, assigneeId: w.alice.user.id }),
      alice.mutate('conversations.unassign', { spaceId: w.b.id, conversationId: b.conversationId, version: 1 }),
      alice.mutate('conversations.close', { spaceId: w.b.id, conversationId: b.conversationId, version: 1 }),
      alice.mutate('conversations.markRead', { spaceId: w.b.id, conversationId: b.conversationId }),
      alice.query('conversations.history', { spaceId: w.b.id, contactId: b.contactId }),
      alice.query('conversations.closed', { spaceId: w.b.id }),
      alice.query('conversations.search', { spaceId: w.b.id, q: 'help' }),
      alice.query('settings.closing', { spaceId: w.b.id }),
      alice.query('channels.list', { spaceId: w.b.id }),
    ];
    for (const res of await Promise.all(calls)) expect(failed(res).code).toBe('NOT_FOUND');
    expect(snapshot(w.app)).toEqual(before);
    expect(conversationRow(w.app, b.conversationId)).toMatchObject({ assignee_id: null, version: 1, status: 'open', unread: 1 });
  });

  it('every procedure refuses a caller who is not signed in (UNAUTHORIZED)', async () => {
    const { contactId, conversationId } = await incoming();
    const before = snapshot(w.app);
    const nobody = w.app.browser();
    const calls = [
      nobody.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'hi', clientId: newClientId() }),
      nobody.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId: w.alice.user.id }),
      nobody.mutate('conversations.unassign', { spaceId: w.a.id, conversationId, version: 1 }),
      nobody.mutate('conversations.close', { spaceId: w.a.id, conversationId, version: 1 }),
      nobody.mutate('conversations.markRead', { spaceId: w.a.id, conversationId }),
      nobody.query('conversations.history', { spaceId: w.a.id, contactId }),
      nobody.query('conversations.closed', { spaceId: w.a.id }),
      nobody.query('conversations.search', { spaceId: w.a.id, q: 'help' }),
    ];
    for (const res of await Promise.all(calls)) expect(failed(res).code).toBe('UNAUTHORIZED');
    // A revoked or made-up token is refused as well.
    expect(failed(await w.app.browser({ bearer: 'kaon_madeup' }).query('conversations.closed', { spaceId: w.a.id })).code).toBe('UNAUTHORIZED');
    expect(snapshot(w.app)).toEqual(before);
  });

  it('an API token replies as its creator, in its own space only', async () => {
    const { token } = ok(await w.owner.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'crm sync' }));
    const script = w.app.browser({ bearer: token });
    const { contactId, conversationId } = await incoming();
    const sent = ok(await send(script, contactId, 'Automated follow-up'));
    expect(sent.conversationId).toBe(conversationId);
    expect(messagesOf(w.app, conversationId).at(-1)).toMatchObject({ author_id: w.owner.user.id, direction: 'out', body: 'Automated follow-up' });
    expect(conversationRow(w.app, conversationId).assignee_id).toBe(w.owner.user.id);
    expect(activityTexts(w.app, conversationId)).toEqual(['Olivia Owner took this conversation by replying']);

    // Olivia is a member of space B too, but the token is not.
    const theirs = await incoming('b');
    const before = snapshot(w.app);
    expect(failed(await send(script, theirs.contactId, 'hi', newClientId(), w.b.id)).code).toBe('NOT_FOUND');
    expect(snapshot(w.app)).toEqual(before);
  });
});

describe('conversations.search', () => {
  it('finds messages by a word prefix and contacts by name, only in the caller’s space', async () => {
    const word = `zq${newClientId().replace(/[^a-z]/g, '').slice(0, 6)}`; // unique per run, letters only
    const ours = await (await arrive(w.app, w.a.chatKey)).say(`My refrigerator ${word}thing is broken`, { name: `Zelda ${word}field` });
    const theirs = await (await arrive(w.app, w.b.chatKey)).say(`Also a refrigerator ${word}thing here`);

    const byMessage = ok(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: `${word}th` }));
    expect(byMessage.filter((r) => r.kind === 'message')).toEqual([
      expect.objectContaining({
        kind: 'message',
        id: ours.messageId,
        conversationId: ours.conversationId,
        snippet: `My refrigerator ${word}thing is broken`,
        parts: [
          { text: 'My refrigerator ', match: false },
          { text: `${word}thing`, match: true },
          { text: ' is broken', match: false },
        ],
      }),
    ]);
    // Two words: both must match.
    const both = ok(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: `refrig ${word}` }));
    expect(both.map((r) => r.id)).toContain(ours.messageId);
    expect(ok(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: `${word} nonexistentword` }))).toEqual([]);

    const byName = ok(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: `${word}fi` }));
    expect(byName).toEqual([expect.objectContaining({ kind: 'contact', id: ours.contactId })]);

    const everything = JSON.stringify(ok(await w.owner.browser.query('conversations.search', { spaceId: w.a.id, q: word })));
    expect(everything).not.toContain(theirs.messageId);
    expect(everything).not.toContain(theirs.conversationId);
    // And the other way round.
    const fromB = ok(await w.xavier.browser.query('conversations.search', { spaceId: w.b.id, q: word }));
    expect(fromB.map((r) => r.id)).toEqual([theirs.messageId]);
  });

  it('treats FTS syntax in the query as plain text, never as an error', async () => {
    await (await arrive(w.app, w.a.chatKey)).say('He said "quoted" AND (maybe) NEAR* things: ^caret -minus');
    for (const q of ['"', '""', '*', 'AND (', 'OR', 'NOT', 'NEAR(', ')', 'a"b', 'col:value', '^', '-x', 'said"*', '(maybe)', '"quoted" AND']) {
      const res = await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q });
      expect(res.ok, `query ${q}`).toBe(true);
    }
    const quoted = ok(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: '"quoted"' }));
    expect(quoted.some((r) => r.kind === 'message')).toBe(true);
    expect(failed(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: '   ' })).code).toBe('BAD_REQUEST');
  });
});

it('the server is still healthy after all of the above', async () => {
  expect(await healthy(w.app)).toEqual({ status: 200, body: { ok: true, db: 'ok' } });
});

describe('conversations.threadPage (older items than the doc holds)', () => {
  it('pages a thread back to its first item in the thread order, with nothing twice and nothing missing', async () => {
    const { visitor, contactId, conversationId } = await incoming('a', 'message 0');
    // A millisecond apart, as real messages are; the reply and the activity line it causes share one.
    for (let i = 1; i < 12; i++) {
      w.app.clock.advance(1);
      await visitor.say(`message ${i}`);
    }
    for (let i = 0; i < 12; i++) {
      w.app.clock.advance(1);
      ok(await send(w.alice.browser, contactId, `reply ${i}`));
    }
    const all = [...messagesOf(w.app, conversationId).map((m) => m.body), ...activityTexts(w.app, conversationId)];
    expect(all).toHaveLength(25);

    // From the newest message back, five at a time.
    const newest = messagesOf(w.app, conversationId).at(-1)!;
    let before = { id: newest.id, at: newest.created_at, kind: 'message' as const };
    const seen: string[] = [];
    const pages: number[] = [];
    for (;;) {
      const page = ok(await w.bob.browser.query('conversations.threadPage', { spaceId: w.a.id, conversationId, before, limit: 5 }));
      pages.push(page.items.length);
      seen.unshift(...page.items.map((i) => (i.kind === 'message' ? i.body : i.text)));
      // Oldest first inside a page.
      for (let k = 1; k < page.items.length; k++) expect(page.items[k]!.at).toBeGreaterThanOrEqual(page.items[k - 1]!.at);
      if (!page.more) break;
      const first = page.items[0]!;
      before = { id: first.id, at: first.at, kind: first.kind as 'message' };
    }
    expect(pages).toEqual([5, 5, 5, 5, 4]);
    expect(seen).toHaveLength(24);
    expect(new Set(seen)).toEqual(new Set(all.filter((b) => b !== 'reply 11')));
    expect(seen[0]).toBe('message 0');
    // The activity line comes before the reply that caused it.
    expect(seen.indexOf('Alice Agent took this conversation by replying')).toBe(seen.indexOf('reply 0') - 1);
  });

  it('refuses bad pages, other spaces and outsiders', async () => {
    const { conversationId } = await incoming();
    const before = { id: conversationId, at: Date.now(), kind: 'message' as const };
    const bad: unknown[] = [{ limit: 0 }, { limit: 101 }, { before: { ...before, at: -1 } }, { before: { ...before, kind: 'note' } }, { before: null }, { conversationId: 'x' }];
    for (const input of bad as object[]) 
      expect(failed(await w.alice.browser.query('conversations.threadPage', { spaceId: w.a.id, conversationId, before, ...input } as never)).code).toBe('BAD_REQUEST');
    expect(failed(await w.alice.browser.query('conversations.threadPage', { spaceId: w.b.id, conversationId, before })).code).toMatch(/NOT_FOUND|FORBIDDEN/);
    expect(failed(await w.xavier.browser.query('conversations.threadPage', { spaceId: w.a.id, conversationId, before })).code).toMatch(/NOT_FOUND|FORBIDDEN/);
    const other = await incoming('b');
    expect(failed(await w.owner.browser.query('conversations.threadPage', { spaceId: w.a.id, conversationId: other.conversationId, before })).code).toBe('NOT_FOUND');
  });
});

describe('conversations.firstScreen (the queue before its doc has synced)', () => {
  it('holds the newest rows of All, Unassigned and Mine in the queue order, with the counts, for this member only', async () => {
    const mine = await incoming('a', 'Mine, please');
    ok(await send(w.alice.browser, mine.contactId, 'On it'));
    w.app.clock.advance(5);
    const waiting = await incoming('a', 'Still waiting');
    const screen = ok(await w.alice.browser.query('conversations.firstScreen', { spaceId: w.a.id }));
    expect(screen.userId).toBe(w.alice.user.id);
    expect(screen.ids.All[0]).toBe(waiting.conversationId);
    expect(screen.ids.Mine).toContain(mine.conversationId);
    expect(screen.ids.Unassigned).toContain(waiting.conversationId);
    expect(screen.ids.Unassigned).not.toContain(mine.conversationId);
    expect(screen.rows[mine.conversationId]).toMatchObject({ assigneeName: 'Alice Agent', preview: 'On it', channelKind: 'webchat' });
    const open = w.app.kaon.deps.db.prepare("SELECT count(*) AS n, sum(assignee_id IS NULL) AS u, sum(assignee_id = ?) AS m FROM conversations WHERE space_id = ? AND status = 'open'").get(w.alice.user.id, w.a.id) as { n: number; u: number; m: number };
    expect(screen.counts).toEqual({ All: open.n, Unassigned: open.u, Mine: open.m });
    for (const tab of ['All', 'Unassigned', 'Mine'] as const) {
      expect(screen.ids[tab].length).toBeLessThanOrEqual(40);
      for (const id of screen.ids[tab]) expect(screen.rows[id]).toBeDefined();
    }
    // Bob's Mine is his own; another space's members get nothing of this one.
    expect(ok(await w.bob.browser.query('conversations.firstScreen', { spaceId: w.a.id })).ids.Mine).not.toContain(mine.conversationId);
    expect(failed(await w.xavier.browser.query('conversations.firstScreen', { spaceId: w.a.id })).code).toMatch(/NOT_FOUND|FORBIDDEN/);
    expect(failed(await w.alice.browser.query('conversations.firstScreen', { spaceId: 'not a space' } as never)).code).toBe('BAD_REQUEST');
  });
});
