import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DRAFT_LIMITS } from '../../shared/schemas/draftsSchema';
import { docNames } from '../../shared/sync/docNames';
import { DRAFTS } from '../../shared/sync/drafts';
import { newId } from '../db/ids';
import { craft, sendFrom, storedDoc, syncedAs, type DocClient } from '../testing/collaboration';
import { startWorld, type World } from '../testing/messages';
import { waitFor } from '../testing/syncClients';

// A member's drafts doc, through the real y-websocket client: Alice's laptop writes, her phone (a
// second client of hers) must get only what the server accepted.
let w: World;
let name: string;
let phone: DocClient;
beforeAll(async () => {
  w = await startWorld();
  name = docNames.drafts(w.a.id, w.alice.user.id);
  phone = await syncedAs(w.app, w.alice, name);
});
afterAll(async () => {
  phone?.destroy();
  await w?.app.close();
});

const drafts = (doc: Y.Doc) => doc.getMap(DRAFTS.drafts);
const server = () => w.app.kaon.collab.read(name);

describe('drafts doc', () => {
  it('keeps a draft as the composer writes it and syncs it to the member’s other devices', async () => {
    const laptop = await syncedAs(w.app, w.alice, name);
    try {
      const contactId = newId();
      drafts(laptop.doc).set(contactId, { text: 'Hello, about your order', at: Date.now() });
      await waitFor('the draft on the phone', () => drafts(phone.doc).has(contactId));
      expect(drafts(storedDoc(w.app, name)).get(contactId)).toMatchObject({ text: 'Hello, about your order' });
      drafts(laptop.doc).delete(contactId);
      await waitFor('the draft gone from the phone', () => !drafts(phone.doc).has(contactId));
    } finally {
      laptop.destroy();
    }
  });

  it.each<[string, (doc: Y.Doc) => void]>([
    ['a 2 MB draft', (d) => drafts(d).set(newId(), { text: 'x'.repeat(2_000_000), at: 1 })],
    ['a draft one character too long', (d) => drafts(d).set(newId(), { text: 'x'.repeat(DRAFT_LIMITS.textMax + 1), at: 1 })],
    ['a bare string', (d) => drafts(d).set(newId(), 'hello')],
    ['extra keys', (d) => drafts(d).set(newId(), { text: 'hi', at: 1, html: '<img src=x>' })],
    ['a key that is not a contact id', (d) => drafts(d).set('../../etc', { text: 'hi', at: 1 })],
    ['a nested type', (d) => drafts(d).set(newId(), new Y.Map())],
    ['a subdocument', (d) => drafts(d).set(newId(), new Y.Doc())],
    ['binary', (d) => drafts(d).set(newId(), new Uint8Array(16))],
    ['another root', (d) => d.getMap('evil').set('x', 1)],
    ['more drafts than a doc holds', (d) => Array.from({ length: DRAFT_LIMITS.draftsMax + 1 }, () => drafts(d).set(newId(), { text: 'hi', at: 1 }))],
    ['more text than a doc holds', (d) => Array.from({ length: DRAFT_LIMITS.totalTextMax / DRAFT_LIMITS.textMax + 1 }, () => drafts(d).set(newId(), { text: 'y'.repeat(DRAFT_LIMITS.textMax), at: 1 }))],
  ])('refuses %s: not applied, stored or synced', async (_what, edit) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const before = JSON.stringify(server().toJSON());
      const storedBefore = drafts(storedDoc(w.app, name)).size;
      await sendFrom(w.app, w.alice, name, craft(server(), edit));
      expect(JSON.stringify(server().toJSON())).toBe(before);
      expect(drafts(storedDoc(w.app, name)).size).toBe(storedBefore);
      expect(drafts(phone.doc).toJSON()).toEqual(drafts(server()).toJSON());
      expect([...storedDoc(w.app, name).share.keys()]).not.toContain('evil');
    } finally {
      warn.mockRestore();
    }
  });
});
