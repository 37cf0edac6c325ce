import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../shared/sync/closeCodes';
import { docNames } from '../../shared/sync/docNames';
import { QUEUE } from '../../shared/sync/shapes';
import { newComment, syncedAs, type DocClient } from '../testing/collaboration';
import { addMember, ok, PASSWORD, type Person } from '../testing/harness';
import { arrive, openSse, startWorld, type SseStream, type World } from '../testing/messages';
import { waitFor, within } from '../testing/syncClients';

// Removing a member, changing a role, signing out, a session expiring and revoking an API token
// take effect on connections that are already open: sync sockets and the spaces.events stream.
let w: World;
let contactName: string;
beforeAll(async () => {
  w = await startWorld();
  contactName = docNames.contact(w.a.id, (await (await arrive(w.app, w.a.chatKey)).say('Hello')).contactId);
});
afterAll(() => w?.app.close());

let n = 0;
const newAgent = (role: 'agent' | 'manager' = 'agent') => addMember(w.app, w.owner.browser, w.a.id, role, { name: `Carol ${++n}`, email: `carol${n}@example.com` });

/** Everything `person` has open in space A: the queue and a contact doc, and the live events. */
async function openAll(person: Person): Promise<{ queue: DocClient; contact: DocClient; sse: SseStream }> {
  const queue = await syncedAs(w.app, person, docNames.queue(w.a.id));
  const contact = await syncedAs(w.app, person, contactName);
  const sse = await openSse(person.browser, 'spaces.events', { spaceId: w.a.id });
  await sse.connected;
  return { queue, contact, sse };
}

/** Closed with `code` within a second of the change, and no later conversation reaches the queue. */
async function expectCut(open: Awaited<ReturnType<typeof openAll>>, code: number) {
  expect((await within('queue socket closed', open.queue.closed, 1000)).code).toBe(code);
  expect((await within('contact socket closed', open.contact.closed, 1000)).code).toBe(code);
  await within('events stream ended', open.sse.ended, 1000);
  const seen = open.sse.messages.length;
  const later = await (await arrive(w.app, w.a.chatKey)).say('After the change');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(open.queue.doc.getMap(QUEUE.open).has(later.conversationId)).toBe(false);
  expect(open.sse.messages.length).toBe(seen);
  open.queue.destroy();
  open.contact.destroy();
}

async function expectStillLive(open: Awaited<ReturnType<typeof openAll>>) {
  const later = await (await arrive(w.app, w.a.chatKey)).say('Still here?');
  await waitFor('the new conversation in the queue', () => open.queue.doc.getMap(QUEUE.open).has(later.conversationId));
  expect(open.queue.provider.wsconnected && open.contact.provider.wsconnected).toBe(true);
}

describe('live revocation', () => {
  it('removing a member closes their sockets with 4403 and ends their events stream', async () => {
    const carol = await newAgent();
    const open = await openAll(carol);
    ok(await w.owner.browser.mutate('members.remove', { spaceId: w.a.id, userId: carol.user.id }));
    await expectCut(open, CLOSE.forbidden.code);
  });

  it('signing out closes that session’s sockets with 4401; the member’s other sessions stay live', async () => {
    const carol = await newAgent();
    const other: Person = { browser: w.app.browser(), user: carol.user };
    ok(await other.browser.mutate('auth.login', { email: carol.user.email, password: PASSWORD }));
    const [signedOut, stays] = [await openAll(carol), await openAll(other)];
    ok(await carol.browser.mutate('auth.logout'));
    await expectCut(signedOut, CLOSE.unauthorized.code);
    await expectStillLive(stays);
    await stays.sse.close();
  });

  it('an expired session is cut off within a second', async () => {
    const carol = await newAgent();
    const open = await openAll(carol);
    w.app.clock.advance(w.app.config.sessionTtlMs + 1);
    try {
      expect((await within('queue socket closed', open.queue.closed, 1500)).code).toBe(4401);
      await within('events stream ended', open.sse.ended, 1500);
    } finally {
      w.app.clock.advance(-(w.app.config.sessionTtlMs + 1));
    }
    open.queue.destroy();
    open.contact.destroy();
  });

  it('revoking an API token ends the events stream it opened', async () => {
    const { id, token } = ok(await w.owner.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'script' }));
    const sse = await openSse(w.app.browser({ bearer: token }), 'spaces.events', { spaceId: w.a.id });
    await sse.connected;
    ok(await w.owner.browser.mutate('apiTokens.revoke', { spaceId: w.a.id, tokenId: id }));
    await within('events stream ended', sse.ended, 1000);
  });

  it('a role change keeps the connections (every doc is still allowed) and the new role applies to the next update', async () => {
    const carol = await newAgent();
    const open = await openAll(carol);
    const bobs = newComment(w.bob.user.id, 'Bob’s note');
    const bob = await syncedAs(w.app, w.bob, contactName);
    bob.comments.set(bobs.id, bobs);
    await waitFor('Bob’s note at Carol', () => open.contact.comments.has(bobs.id));
    ok(await w.owner.browser.mutate('members.setRole', { spaceId: w.a.id, userId: carol.user.id, role: 'manager' }));
    open.contact.comments.set(bobs.id, { ...bobs, body: '', deleted: true, deletedBy: carol.user.id });
    await waitFor('the deletion at Bob', () => bob.comments.get(bobs.id)?.deleted);
    await expectStillLive(open);
    bob.destroy();
    open.queue.destroy();
    open.contact.destroy();
    await open.sse.close();
  });
});

