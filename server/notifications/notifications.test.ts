import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionToken } from '../../shared/domain/mentions';
import { docNames } from '../../shared/sync/docNames';
import type { NotificationItem } from '../../shared/sync/inbox';
import { waitFor } from '../testing/syncClients';
import { newId } from '../db/ids';
import { INBOX_KEEP, notifications } from '../db/notifications';
import { projectInbox } from '../projections/inboxDoc';
import { inboxItems, newComment, syncedAs, type DocClient } from '../testing/collaboration';
import { failed, ok } from '../testing/harness';
import { arrive, startWorld, type World } from '../testing/messages';

// One Kaon for the file. Bob's and Alice's inbox docs stay open, live, through the real client.
let w: World;
let contactId: string;
let conversationId: string;
let contact: DocClient;
let bobInbox: DocClient;
let aliceInbox: DocClient;
beforeAll(async () => {
  w = await startWorld();
  ({ contactId, conversationId } = await (await arrive(w.app, w.a.chatKey)).say('I need help with my order'));
  contact = await syncedAs(w.app, w.alice, docNames.contact(w.a.id, contactId));
  bobInbox = await syncedAs(w.app, w.bob, docNames.inbox(w.a.id, w.bob.user.id));
  aliceInbox = await syncedAs(w.app, w.alice, docNames.inbox(w.a.id, w.alice.user.id));
});
afterAll(async () => {
  for (const c of [contact, bobInbox, aliceInbox]) c?.destroy();
  await w?.app.close();
});

const rowsFor = (userId: string) => (w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM notifications WHERE user_id = ?').get(userId) as { n: number }).n;
const forComment = (client: DocClient, commentId: string) => inboxItems(client.doc).filter((i) => i.commentId === commentId);
/** The list when it holds exactly one item, else null (for waitFor). */
const one = <T>(list: T[]): T[] | null => (list.length === 1 ? list : null);

describe('mentions', () => {
  it('notify the mentioned member once, live in their inbox doc; never the writer or a non-member', async () => {
    const strangerRows = rowsFor(w.xavier.user.id);
    const c = newComment(w.alice.user.id, `${mentionToken(w.bob.user.id)} can you check the refund? ${mentionToken(w.alice.user.id)} ${mentionToken(w.xavier.user.id)} ${mentionToken('nosuchmember1')}`);
    contact.comments.set(c.id, c);
    const [item] = await waitFor('the mention in Bob’s inbox', () => one(forComment(bobInbox, c.id)));
    expect(item).toEqual<NotificationItem>({
      id: item!.id,
      kind: 'mention',
      at: w.app.clock.now(),
      read: false,
      actorName: 'Alice Agent',
      contactId,
      contactName: expect.any(String) as unknown as string,
      commentId: c.id,
      conversationId: null,
      preview: '@Bob Agent can you check the refund? @Alice Agent @Xavier Beta @A former member',
    });
    expect(forComment(aliceInbox, c.id)).toEqual([]);
    expect(rowsFor(w.xavier.user.id)).toBe(strangerRows);
    expect(w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM notifications WHERE comment_id = ?').get(c.id)).toEqual({ n: 1 });

    // Editing it (still mentioning Bob, now the owner too) notifies only the newly mentioned.
    contact.comments.set(c.id, { ...c, body: `${c.body} ${mentionToken(w.owner.user.id)}`, editedAt: Date.now() });
    await waitFor('the owner notified', () => w.app.kaon.deps.db.prepare('SELECT 1 FROM notifications WHERE comment_id = ? AND user_id = ?').get(c.id, w.owner.user.id));
    expect(forComment(bobInbox, c.id)).toHaveLength(1);
    expect(w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM notifications WHERE comment_id = ?').get(c.id)).toEqual({ n: 2 });
  });

  it('previews are one line of at most 140 characters', async () => {
    const c = newComment(w.alice.user.id, `${mentionToken(w.bob.user.id)}\n${'long words '.repeat(30)}`);
    contact.comments.set(c.id, c);
    const [item] = await waitFor('the mention', () => one(forComment(bobInbox, c.id)));
    expect(item!.preview.length).toBeLessThanOrEqual(140);
    expect(item!.preview).toMatch(/^@Bob Agent long words .*…$/);
  });
});

describe('assignments', () => {
  it('by someone else notify the assignee; assigning yourself does not', async () => {
    const before = rowsFor(w.alice.user.id);
    ok(await w.bob.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 1, assigneeId: w.alice.user.id }));
    const [item] = await waitFor('the assignment in Alice’s inbox', () => one(inboxItems(aliceInbox.doc).filter((i) => i.kind === 'assigned')));
    expect(item).toMatchObject({ kind: 'assigned', actorName: 'Bob Agent', contactId, conversationId, commentId: null, read: false, preview: 'I need help with my order' });
    expect(rowsFor(w.alice.user.id)).toBe(before + 1);

    const bobRows = rowsFor(w.bob.user.id);
    ok(await w.bob.browser.mutate('conversations.assign', { spaceId: w.a.id, conversationId, version: 2, assigneeId: w.bob.user.id }));
    expect(rowsFor(w.bob.user.id)).toBe(bobRows);
  });
});

describe('notifications.markRead / markAllRead', () => {
  it('mark your own notifications read in your inbox doc; ids of others, other spaces or bad input are refused', async () => {
    const c1 = newComment(w.alice.user.id, `${mentionToken(w.bob.user.id)} one`);
    const c2 = newComment(w.alice.user.id, `${mentionToken(w.bob.user.id)} two`);
    contact.comments.set(c1.id, c1);
    contact.comments.set(c2.id, c2);
    const [n1] = await waitFor('first', () => one(forComment(bobInbox, c1.id)));
    await waitFor('second', () => forComment(bobInbox, c2.id).length === 1);

    expect(ok(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: [n1!.id] }))).toEqual({ marked: 1 });
    await waitFor('read in the doc', () => forComment(bobInbox, c1.id)[0]?.read);
    expect(forComment(bobInbox, c2.id)[0]?.read).toBe(false);
    // Again: nothing changes.
    expect(ok(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: [n1!.id] }))).toEqual({ marked: 0 });

    const alices = inboxItems(aliceInbox.doc).filter((i) => !i.read);
    expect(alices.length).toBeGreaterThan(0);
    const unreadOfAlice = () => (w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL').get(w.alice.user.id) as { n: number }).n;
    const aliceUnread = unreadOfAlice();
    // Someone else's notification (even mixed with your own): NOT_FOUND, nothing marked.
    expect(failed(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: [alices[0]!.id] })).code).toBe('NOT_FOUND');
    expect(failed(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: [forComment(bobInbox, c2.id)[0]!.id, alices[0]!.id] })).code).toBe('NOT_FOUND');
    expect(forComment(bobInbox, c2.id)[0]?.read).toBe(false);
    // Another space: not a member there (Bob), or the notification is not of that space (Olivia is in both).
    expect(failed(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.b.id, ids: [n1!.id] })).code).toBe('NOT_FOUND');
    expect(failed(await w.xavier.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: [alices[0]!.id] })).code).toBe('NOT_FOUND');
    expect(failed(await w.xavier.browser.mutate('notifications.markAllRead', { spaceId: w.a.id })).code).toBe('NOT_FOUND');
    expect(failed(await w.alice.browser.mutate('notifications.markRead', { spaceId: w.b.id, ids: [alices[0]!.id] })).code).toBe('NOT_FOUND');
    expect(unreadOfAlice()).toBe(aliceUnread);
    // Bad input.
    expect(failed(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: [] })).code).toBe('BAD_REQUEST');
    expect(failed(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: ['not an id!'] })).code).toBe('BAD_REQUEST');
    expect(failed(await w.bob.browser.mutate('notifications.markRead', { spaceId: w.a.id, ids: Array.from({ length: 201 }, () => newId()) })).code).toBe('BAD_REQUEST');
    expect(failed(await w.bob.browser.raw('notifications.markRead', '{"spaceId":')).status).toBe(400);

    expect(ok(await w.bob.browser.mutate('notifications.markAllRead', { spaceId: w.a.id })).marked).toBeGreaterThan(0);
    await waitFor('all read in the doc', () => inboxItems(bobInbox.doc).every((i) => i.read));
    expect(unreadOfAlice()).toBe(aliceUnread);
  });

  it('the inbox doc keeps the newest 200', async () => {
    const db = w.app.kaon.deps.db;
    const userId = w.owner.user.id;
    db.transaction(() => {
      for (let i = 0; i < INBOX_KEEP + 5; i++) {
        notifications.insert(db, {
          id: newId(),
          space_id: w.a.id,
          user_id: userId,
          kind: 'mention',
          actor_id: w.alice.user.id,
          actor_name: 'Alice Agent',
          contact_id: contactId,
          comment_id: newId(),
          conversation_id: null,
          preview: `n${i}`,
          created_at: w.app.clock.now() + 1000 + i,
          read_at: null,
        });
      }
    })();
    projectInbox(db, w.app.kaon.collab, w.a.id, userId);
    const items = inboxItems(w.app.kaon.collab.read(docNames.inbox(w.a.id, userId)));
    expect(items).toHaveLength(INBOX_KEEP);
    expect(items[0]!.preview).toBe('n5');
    expect(items.at(-1)!.preview).toBe(`n${INBOX_KEEP + 4}`);
  });
});

describe('assignments by a workflow', () => {
  it('notify the assignee with the workflow’s name, live in their inbox doc', async () => {
    const wf = ok(
      await w.owner.browser.mutate('workflows.save', {
        spaceId: w.a.id,
        name: 'Bob first',
        enabled: true,
        definition: { trigger: 'conversation.opened', conditions: [], actions: [{ kind: 'assign', userId: w.bob.user.id }] },
      }),
    );
    try {
      const before = rowsFor(w.bob.user.id);
      const arrived = await (await arrive(w.app, w.a.chatKey)).say('Where is my refund?');
      const [item] = await waitFor('the workflow’s assignment in Bob’s inbox', () =>
        one(inboxItems(bobInbox.doc).filter((i) => i.kind === 'assigned' && i.conversationId === arrived.conversationId)),
      );
      expect(item).toMatchObject({ actorName: 'Workflow “Bob first”', contactId: arrived.contactId, read: false, preview: 'Where is my refund?' });
      expect(rowsFor(w.bob.user.id)).toBe(before + 1);
    } finally {
      ok(await w.owner.browser.mutate('workflows.setEnabled', { spaceId: w.a.id, workflowId: wf.id, enabled: false }));
    }
  });
});
