import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionToken } from '../../shared/domain/mentions';
import { CLOSE } from '../../shared/sync/closeCodes';
import { CONTACT, type CommentRecord } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { INBOX } from '../../shared/sync/inbox';
import { waitFor } from '../testing/syncClients';
import { ydocs } from '../db/ydocs';
import { connectAs, newComment, storedDoc, syncedAs, type DocClient } from '../testing/collaboration';
import { addMember, startApp, tempDir, type Person } from '../testing/harness';
import { arrive, healthy, startWorld, type World } from '../testing/messages';

// One Kaon for the file: Alice and Bob (agents) and Maya (manager) on one contact's doc.
let w: World;
let maya: Person;
let contactId: string;
let name: string;
let alice: DocClient;
let bob: DocClient;
beforeAll(async () => {
  w = await startWorld();
  maya = await addMember(w.app, w.owner.browser, w.a.id, 'manager', { name: 'Maya Manager', email: 'maya@example.com' });
  contactId = (await (await arrive(w.app, w.a.chatKey)).say('Hello')).contactId;
  name = docNames.contact(w.a.id, contactId);
  alice = await syncedAs(w.app, w.alice, name);
  bob = await syncedAs(w.app, w.bob, name);
});
afterAll(async () => {
  alice?.destroy();
  bob?.destroy();
  await w?.app.close();
});

const serverDoc = () => w.app.kaon.collab.read(name);

/** Alice writes a comment through her honest client; resolves once Bob's client has it. */
async function marker(): Promise<CommentRecord> {
  const c = newComment(w.alice.user.id, 'marker');
  alice.comments.set(c.id, c);
  await waitFor('the marker at Bob', () => bob.comments.has(c.id));
  return c;
}

/**
 * `person` makes the edit `attack` from a fresh real client; then an honest update goes through
 * the same doc. Once Bob sees the honest one, the attack must be nowhere: not at Bob (not
 * broadcast), not in the server's copy (not applied), not in SQLite (not stored).
 */
async function expectRefused(person: Person, attack: (doc: Y.Doc) => void, visible: (doc: Y.Doc) => boolean) {
  const attacker = await syncedAs(w.app, person, name);
  try {
    attacker.doc.transact(() => attack(attacker.doc));
    expect(visible(attacker.doc)).toBe(true); // the attacker's own copy diverges, as documented
    await marker();
    expect(visible(bob.doc)).toBe(false);
    expect(visible(serverDoc())).toBe(false);
    expect(visible(storedDoc(w.app, name))).toBe(false);
  } finally {
    attacker.destroy();
  }
}

describe('comments on a contact doc, through the real y-websocket client', () => {
  it('a comment by its author reaches the other member and is stored', async () => {
    const c = newComment(w.alice.user.id, `Hi ${mentionToken(w.bob.user.id)}`);
    alice.comments.set(c.id, c);
    await waitFor('the comment at Bob', () => bob.comments.get(c.id));
    expect(bob.comments.get(c.id)).toEqual(c);
    expect(storedDoc(w.app, name).getMap(CONTACT.comments).get(c.id)).toEqual(c);
  });

  it('a comment with a forged author is not applied, stored or broadcast', async () => {
    const forged = newComment(w.bob.user.id, 'I am Bob, honestly');
    await expectRefused(w.alice, (doc) => doc.getMap(CONTACT.comments).set(forged.id, forged), (doc) => doc.getMap(CONTACT.comments).has(forged.id));
  });

  it("an agent cannot edit, delete or remove someone else's comment", async () => {
    const c = newComment(w.bob.user.id, 'Bob wrote this');
    bob.comments.set(c.id, c);
    await waitFor('the comment at Alice', () => alice.comments.has(c.id));
    const bodyOf = (doc: Y.Doc) => (doc.getMap(CONTACT.comments).get(c.id) as CommentRecord | undefined)?.body;
    await expectRefused(w.alice, (doc) => doc.getMap(CONTACT.comments).set(c.id, { ...c, body: 'Alice rewrote it', editedAt: Date.now() }), (doc) => bodyOf(doc) === 'Alice rewrote it');
    await expectRefused(
      w.alice,
      (doc) => doc.getMap(CONTACT.comments).set(c.id, { ...c, body: '', deleted: true, deletedBy: w.alice.user.id }),
      (doc) => (doc.getMap(CONTACT.comments).get(c.id) as CommentRecord).deleted,
    );
    await expectRefused(w.alice, (doc) => doc.getMap(CONTACT.comments).delete(c.id), (doc) => !doc.getMap(CONTACT.comments).has(c.id));
    expect(bodyOf(serverDoc())).toBe('Bob wrote this');
  });

  it('the author edits their own comment; a manager soft-deletes anyone’s', async () => {
    const c = newComment(w.bob.user.id, 'first version');
    bob.comments.set(c.id, c);
    await waitFor('the comment at Alice', () => alice.comments.has(c.id));
    const edited = { ...c, body: 'second version', editedAt: Date.now() };
    bob.comments.set(c.id, edited);
    await waitFor('the edit at Alice', () => alice.comments.get(c.id)?.body === 'second version');

    const manager = await syncedAs(w.app, maya, name);
    try {
      manager.comments.set(c.id, { ...edited, body: '', deleted: true, deletedBy: maya.user.id });
      await waitFor('the deletion at Alice', () => alice.comments.get(c.id)?.deleted);
      expect(storedDoc(w.app, name).getMap(CONTACT.comments).get(c.id)).toMatchObject({ deleted: true, body: '', deletedBy: maya.user.id });
      // Deleted stays deleted, even for its author.
      await expectRefused(w.bob, (doc) => doc.getMap(CONTACT.comments).set(c.id, { ...edited, body: 'back', editedAt: Date.now() }), (doc) => (doc.getMap(CONTACT.comments).get(c.id) as CommentRecord).body === 'back');
    } finally {
      manager.destroy();
    }
  });

  it('unknown roots, nested types, oversize comments and bad profile values are refused; the server stays up', async () => {
    await expectRefused(w.alice, (doc) => doc.getMap('evil').set('x', 1), (doc) => doc.share.has('evil') && doc.getMap('evil').has('x'));
    const nestedId = newComment(w.alice.user.id, '').id;
    await expectRefused(w.alice, (doc) => doc.getMap(CONTACT.comments).set(nestedId, new Y.Map()), (doc) => doc.getMap(CONTACT.comments).has(nestedId));
    const big = newComment(w.alice.user.id, 'x'.repeat(5001));
    await expectRefused(w.alice, (doc) => doc.getMap(CONTACT.comments).set(big.id, big), (doc) => doc.getMap(CONTACT.comments).has(big.id));
    await expectRefused(w.alice, (doc) => doc.getMap(CONTACT.profile).set('name', 'n'.repeat(201)), (doc) => doc.getMap(CONTACT.profile).get('name') === 'n'.repeat(201));
    await expectRefused(w.alice, (doc) => doc.getMap(CONTACT.tags).set(' padded ', 1), (doc) => doc.getMap(CONTACT.tags).has(' padded '));
    expect(await healthy(w.app)).toEqual({ status: 200, body: { ok: true, db: 'ok' } });
    // Honest edits still flow afterwards.
    alice.doc.getMap(CONTACT.profile).set('company', 'Acme');
    await waitFor('the company at Bob', () => bob.doc.getMap(CONTACT.profile).get('company') === 'Acme');
  });
});

/** A bare WebSocket on the contact doc with `person`'s session, sending y-protocols Update messages by hand. */
function rawSocket(person: Person) {
  const session = person.browser.cookies.get('kaon_session')!;
  const ws = new WebSocket(`${w.app.url.replace(/^http/, 'ws')}/yjs/${name}`, { headers: { cookie: `kaon_session=${session}` } });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return {
    ws,
    closed,
    sendUpdate(update: Uint8Array) {
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, 0); // messageSync
      syncProtocol.writeUpdate(enc, update);
      ws.send(encoding.toUint8Array(enc));
    },
  };
}

describe('updates out of order, and clients that keep sending refused ones', () => {
  it('an update stacked on a comment the server has not received is refused with 4509 (resync); the comment then arrives intact', async () => {
    // Bob writes while his socket is down: the server does not have his comment yet.
    bob.provider.disconnect();
    const c = newComment(w.bob.user.id, 'Refund approved');
    bob.comments.set(c.id, c);
    // Alice knows it (as a second tab would over BroadcastChannel, or an attacker who guessed
    // Bob's next clock) and sends the deletion of it straight to the server.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(bob.doc));
    const deletion: Uint8Array[] = [];
    copy.on('update', (u: Uint8Array) => deletion.push(u));
    copy.getMap(CONTACT.comments).delete(c.id);
    const raw = rawSocket(w.alice);
    await new Promise((resolve) => raw.ws.once('open', resolve));
    raw.sendUpdate(Y.mergeUpdates(deletion));
    expect(await raw.closed).toBe(4509);
    // Bob comes back: his comment is stored and reaches Alice, not deleted.
    bob.provider.connect();
    await waitFor('Bob’s comment at Alice', () => alice.comments.get(c.id));
    expect(alice.comments.get(c.id)).toEqual(c);
    expect(storedDoc(w.app, name).getMap(CONTACT.comments).get(c.id)).toEqual(c);
  });

  it('a socket that keeps sending refused updates is closed with 4429 (each refusal costs the server a rebuild)', async () => {
    const raw = rawSocket(w.alice);
    await new Promise((resolve) => raw.ws.once('open', resolve));
    for (let i = 0; i < 5; i++) {
      // Independent forgeries (a fresh client id each), so none waits on another.
      const forger = new Y.Doc();
      const forged = newComment(w.bob.user.id, `forged ${i}`);
      forger.getMap(CONTACT.comments).set(forged.id, forged);
      raw.sendUpdate(Y.encodeStateAsUpdate(forger));
    }
    expect(await raw.closed).toBe(4429);
    expect([...serverDoc().getMap<CommentRecord>(CONTACT.comments).values()].some((c) => c.body.startsWith('forged'))).toBe(false);
  });
});

describe('who may open which doc', () => {
  it("a contact of another space, another member's drafts or inbox: closed with 4403", async () => {
    const theirs = (await (await arrive(w.app, w.b.chatKey)).say('elsewhere')).contactId;
    for (const docName of [docNames.contact(w.b.id, theirs), docNames.contact(w.a.id, theirs), docNames.drafts(w.a.id, w.bob.user.id), docNames.inbox(w.a.id, w.bob.user.id)]) {
      const client = connectAs(w.app, w.alice, docName);
      try {
        expect((await client.closed).code).toBe(CLOSE.forbidden.code);
      } finally {
        client.destroy();
      }
    }
  });

  it('the inbox doc is read-only, even for its owner: a write is dropped, not stored', async () => {
    const inboxName = docNames.inbox(w.a.id, w.alice.user.id);
    const inbox = await syncedAs(w.app, w.alice, inboxName);
    try {
      inbox.doc.getMap(INBOX.items).set('forgedforged', { id: 'forgedforged', kind: 'mention' });
      // A real notification is projected afterwards: once it arrives, the forged write was handled.
      const c = newComment(w.bob.user.id, `${mentionToken(w.alice.user.id)} look`);
      bob.comments.set(c.id, c);
      await waitFor('the notification in Alice’s inbox', () => [...inbox.doc.getMap<{ commentId: string }>(INBOX.items).values()].some((i) => i.commentId === c.id));
      expect(w.app.kaon.collab.read(inboxName).getMap(INBOX.items).has('forgedforged')).toBe(false);
      expect(storedDoc(w.app, inboxName).getMap(INBOX.items).has('forgedforged')).toBe(false);
    } finally {
      inbox.destroy();
    }
  });
});

describe('persistence', () => {
  it('comments survive a restart, and compaction keeps the doc state identical', async () => {
    const { dir, remove } = tempDir();
    const dataDir = `${dir}/data`;
    try {
      const first = await startWorld({ dataDir });
      const contact = (await (await arrive(first.app, first.a.chatKey)).say('Hi')).contactId;
      const docName = docNames.contact(first.a.id, contact);
      const writer = await syncedAs(first.app, first.alice, docName);
      const comments: CommentRecord[] = [];
      for (let i = 0; i < 5; i++) {
        const c = newComment(first.alice.user.id, `note ${i}`);
        comments.push(c);
        writer.comments.set(c.id, c);
      }
      writer.doc.getMap(CONTACT.tags).set('vip', 1);
      await waitFor('every update stored', () => storedDoc(first.app, docName).getMap(CONTACT.comments).size === 5 && storedDoc(first.app, docName).getMap(CONTACT.tags).has('vip'));
      const db = first.app.kaon.deps.db;
      expect(ydocs.count(db, docName)).toBeGreaterThan(1);
      const before = JSON.stringify(storedDoc(first.app, docName).toJSON());
      writer.destroy();
      // The last socket left: the log is compacted into one row.
      await waitFor('compaction', () => ydocs.count(db, docName) === 1);
      expect(JSON.stringify(storedDoc(first.app, docName).toJSON())).toBe(before);
      await first.app.close();

      const second = await startApp({ dataDir });
      try {
        // The same session cookie works after the restart (sessions live in SQLite).
        const reader = await syncedAs(second, first.alice, docName);
        expect(reader.comments.toJSON()).toEqual(Object.fromEntries(comments.map((c) => [c.id, c])));
        expect(reader.doc.getMap(CONTACT.tags).toJSON()).toEqual({ vip: 1 });
        reader.destroy();
      } finally {
        await second.close();
      }
    } finally {
      remove();
    }
  });
});
