import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentRecord } from '../../shared/sync/contactDoc';
import { diffUpdate, dropShadow } from './diff';
import { refusal, type Actor } from './rules';

const AUTHOR = 'authorAAA1';
const OTHER = 'otherBBBB2';
const base: CommentRecord = { id: 'comment001', authorId: AUTHOR, body: 'Call back tomorrow', createdAt: 1000, editedAt: null, deleted: false, deletedBy: null, replyTo: null };
/** The space's custom field definitions. */
const FIELD_KEYS: ReadonlySet<string> = new Set(['plan']);
const agent = (userId: string): Actor => ({ userId, role: 'agent' });
const manager = (userId: string): Actor => ({ userId, role: 'manager' });

/** A live doc holding `base`, and a client copy of it whose next update is what `edit` does. */
function attempt(edit: (client: Y.Doc) => void, actor: Actor): string | null {
  const live = new Y.Doc();
  live.getMap('comments').set(base.id, base);
  live.getMap('fields').set('tier', 'Silver'); // its definition has since been deleted
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  client.transact(() => edit(client));
  const update = Y.mergeUpdates(updates);
  const changes = diffUpdate(live, update);
  const size = (name: string) => { const t = client.share.get(name); return t instanceof Y.Map ? t.size : 0; };
  const why = refusal(changes, actor, { tags: size('tags'), fields: size('fields'), fieldKeys: FIELD_KEYS });
  dropShadow(live);
  return why;
}
const comments = (doc: Y.Doc) => doc.getMap<CommentRecord>('comments');

describe('contact doc rules (what the server applies from a client)', () => {
  it.each<[string, (doc: Y.Doc) => void, Actor, RegExp | null]>([
    ['a new comment by its author', (d) => comments(d).set('comment002', { ...base, id: 'comment002', authorId: OTHER }), agent(OTHER), null],
    ['a new comment with a forged author', (d) => comments(d).set('comment002', { ...base, id: 'comment002', authorId: AUTHOR }), agent(OTHER), /written by its author/],
    ['a new comment whose id is not its key', (d) => comments(d).set('comment002', { ...base, id: 'comment003', authorId: OTHER }), agent(OTHER), /id does not match/],
    ['a new comment that starts deleted', (d) => comments(d).set('comment002', { ...base, id: 'comment002', authorId: OTHER, deleted: true, body: '', deletedBy: OTHER }), agent(OTHER), /cannot start/],
    ['a comment with extra fields', (d) => comments(d).set('comment002', { ...base, id: 'comment002', authorId: OTHER, admin: true } as CommentRecord), agent(OTHER), /not a valid comment/],
    ['an oversize comment', (d) => comments(d).set('comment002', { ...base, id: 'comment002', authorId: OTHER, body: 'x'.repeat(5001) }), agent(OTHER), /not a valid comment/],
    ['the author edits their comment', (d) => comments(d).set(base.id, { ...base, body: 'Called', editedAt: 2000 }), agent(AUTHOR), null],
    ['an edit that hides being an edit', (d) => comments(d).set(base.id, { ...base, body: 'Called' }), agent(AUTHOR), /when it was edited/],
    ['an agent edits someone else’s comment', (d) => comments(d).set(base.id, { ...base, body: 'Mine now', editedAt: 2000 }), agent(OTHER), /only the author can edit/],
    ['a manager edits someone else’s comment', (d) => comments(d).set(base.id, { ...base, body: 'Mine now', editedAt: 2000 }), manager(OTHER), /only the author can edit/],
    ['the author changes the author', (d) => comments(d).set(base.id, { ...base, authorId: OTHER, editedAt: 2000 }), agent(AUTHOR), /never change/],
    ['the author deletes their comment', (d) => comments(d).set(base.id, { ...base, body: '', deleted: true, deletedBy: AUTHOR }), agent(AUTHOR), null],
    ['an agent deletes someone else’s comment', (d) => comments(d).set(base.id, { ...base, body: '', deleted: true, deletedBy: OTHER }), agent(OTHER), /only the author, an owner or a manager/],
    ['a manager deletes someone else’s comment', (d) => comments(d).set(base.id, { ...base, body: '', deleted: true, deletedBy: OTHER }), manager(OTHER), null],
    ['a deletion that keeps the text', (d) => comments(d).set(base.id, { ...base, deleted: true, deletedBy: AUTHOR }), agent(AUTHOR), /clears the text/],
    ['a deletion in someone else’s name', (d) => comments(d).set(base.id, { ...base, body: '', deleted: true, deletedBy: OTHER }), manager(AUTHOR), /names who deleted/],
    ['removing the record', (d) => comments(d).delete(base.id), manager(AUTHOR), /never removed/],
    ['profile fields', (d) => d.getMap('profile').set('name', 'Ana Lima'), agent(OTHER), null],
    ['an unknown profile field', (d) => d.getMap('profile').set('role', 'admin'), agent(OTHER), /not a profile field/],
    ['a profile value of the wrong type', (d) => d.getMap('profile').set('phone', 12345), agent(OTHER), /not a valid value/],
    ['an oversize name', (d) => d.getMap('profile').set('name', 'x'.repeat(201)), agent(OTHER), /not a valid value/],
    ['a tag', (d) => d.getMap('tags').set('vip', 5), agent(OTHER), null],
    ['a tag with spaces around it', (d) => d.getMap('tags').set(' vip ', 5), agent(OTHER), /not a valid tag/],
    ['too many tags', (d) => Array.from({ length: 51 }, (_, i) => d.getMap('tags').set(`t${i}`, i)), agent(OTHER), /more than 50 tags/],
    ['a field value', (d) => d.getMap('fields').set('plan', 'Pro'), agent(OTHER), null],
    ['a field key that snippets cannot name', (d) => d.getMap('fields').set('Plan Name', 'Pro'), agent(OTHER), /not a valid field key/],
    ['a value for a field the space does not define', (d) => d.getMap('fields').set('tier', 'Gold'), agent(OTHER), /not a field of this space/],
    ['clearing a value whose field is no longer defined', (d) => d.getMap('fields').delete('tier'), agent(OTHER), null],
    ['a nested type', (d) => d.getMap('profile').set('name', new Y.Map()), agent(OTHER), /nested type/],
    ['a subdocument', (d) => d.getMap('fields').set('plan', new Y.Doc()), agent(OTHER), /subdocument/],
    ['binary data', (d) => d.getMap('profile').set('name', new Uint8Array(3)), agent(OTHER), /binary/],
    ['binary inside a record', (d) => comments(d).set('comment002', { ...base, id: 'comment002', authorId: OTHER, body: new Uint8Array(3) } as unknown as CommentRecord), agent(OTHER), /not plain JSON/],
    ['a number that JSON cannot hold', (d) => d.getMap('tags').set('vip', Infinity), agent(OTHER), /not plain JSON/],
    ['another root', (d) => d.getArray('evil').push([1]), agent(OTHER), /unknown root/],
    ['list content in a known root', (d) => d.getArray('tags').push(['x']), agent(OTHER), /list content/],
  ])('%s', (_what, edit, actor, expected) => {
    const why = attempt(edit, actor);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });

  it('refuses several values packed into one map item (only the last one would show)', () => {
    const live = new Y.Doc();
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    const tags = client.getMap('tags');
    client.transact((txn) => {
      const content = new Y.ContentAny(['x'.repeat(100_000), 7]);
      new Y.Item(Y.createID(client.clientID, 0), null, null, null, null, tags, 'vip', content).integrate(txn, 0);
    });
    expect(tags.get('vip')).toBe(7); // what a reader of the map sees
    const changes = diffUpdate(live, Y.mergeUpdates(updates));
    expect(refusal(changes, agent(OTHER), { tags: 1, fields: 0, fieldKeys: FIELD_KEYS })).toMatch(/several values/);
  });

  it('rebuilds its shadow after server writes, so later client updates are judged on the live state', () => {
    const live = new Y.Doc();
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    expect(refusal(diffUpdate(live, Y.encodeStateAsUpdate(new Y.Doc())), agent(AUTHOR), { tags: 0, fields: 0, fieldKeys: FIELD_KEYS })).toBeNull();
    live.getMap('comments').set(base.id, base); // a server write the shadow never saw
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    comments(client).set(base.id, { ...base, body: 'x', editedAt: 5 });
    expect(refusal(diffUpdate(live, updates.at(-1)!), agent(OTHER), { tags: 0, fields: 0, fieldKeys: FIELD_KEYS })).toMatch(/only the author can edit/);
  });
});

describe('updates that depend on changes the server does not have', () => {
  /** The live doc with `base`, Bob's next comment (which the server has not seen yet), and Mallory's copy of both. */
  function setup() {
    const live = new Y.Doc();
    live.getMap('comments').set(base.id, base);
    const bob = new Y.Doc();
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(live));
    const bobNext: CommentRecord = { ...base, id: 'comment777', authorId: OTHER, body: 'Refund approved' };
    const bobUpdates: Uint8Array[] = [];
    bob.on('update', (u: Uint8Array) => bobUpdates.push(u));
    comments(bob).set(bobNext.id, bobNext);
    const mallory = new Y.Doc();
    Y.applyUpdate(mallory, Y.encodeStateAsUpdate(bob));
    const malloryUpdates: Uint8Array[] = [];
    mallory.on('update', (u: Uint8Array) => malloryUpdates.push(u));
    return { live, bobUpdate: Y.mergeUpdates(bobUpdates), mallory, malloryUpdates, bobNext };
  }

  it('a deletion of a comment the server has not received yet is refused, so it cannot erase it when it arrives', () => {
    const { live, bobUpdate, mallory, malloryUpdates, bobNext } = setup();
    comments(mallory).delete(bobNext.id);
    const changes = diffUpdate(live, Y.mergeUpdates(malloryUpdates));
    expect(changes.missingDependencies).toBe(true);
    expect(refusal(changes, agent(AUTHOR), { tags: 0, fields: 0, fieldKeys: FIELD_KEYS })).toMatch(/depends on changes the server does not have/);
    dropShadow(live);
    // Bob's comment then arrives, is accepted, and stays.
    const bobs = diffUpdate(live, bobUpdate);
    expect(refusal(bobs, agent(OTHER), { tags: 0, fields: 0, fieldKeys: FIELD_KEYS })).toBeNull();
    Y.applyUpdate(live, bobUpdate);
    expect(comments(live).get(bobNext.id)).toEqual(bobNext);
  });

  it('a forged record stacked on a comment the server has not received yet is refused', () => {
    const { live, mallory, malloryUpdates, bobNext } = setup();
    comments(mallory).set(bobNext.id, { ...bobNext, body: 'Refund denied, says Bob' });
    const changes = diffUpdate(live, Y.mergeUpdates(malloryUpdates));
    expect(changes.missingDependencies).toBe(true);
    expect(refusal(changes, agent(AUTHOR), { tags: 0, fields: 0, fieldKeys: FIELD_KEYS })).toMatch(/depends on changes/);
  });

  it('an update in causal order is not affected', () => {
    const { live, bobUpdate } = setup();
    const changes = diffUpdate(live, bobUpdate);
    expect(changes.missingDependencies).toBe(false);
  });

  it('sees the server’s own deletions (a workflow removing a tag) when it judges the next update', () => {
    const live = new Y.Doc();
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 50; i++) client.getMap('tags').set(`t${i}`, i);
    const fifty = diffUpdate(live, Y.mergeUpdates(updates));
    expect(refusal(fifty, agent(OTHER), { tags: 50, fields: 0, fieldKeys: FIELD_KEYS })).toBeNull();
    Y.applyUpdate(live, Y.mergeUpdates(updates));
    live.getMap('tags').delete('t0'); // a server write: a pure deletion, same state vector
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    updates.length = 0;
    client.getMap('tags').set('t0', 99); // a member adds the tag back
    const next = diffUpdate(live, Y.mergeUpdates(updates));
    expect(next.maps.get('tags')).toEqual([{ key: 't0', before: undefined, after: 99 }]);
  });
});
