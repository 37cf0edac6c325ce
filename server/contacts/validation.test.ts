import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTACT } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { craft, newComment, sendFrom, storedDoc, syncedAs, type DocClient } from '../testing/collaboration';
import { ok } from '../testing/harness';
import { arrive, startWorld, type World } from '../testing/messages';
import { waitFor } from '../testing/syncClients';

// Updates that the old shadow diff could not even judge (it threw), and custom field keys.
let w: World;
let name: string;
let bob: DocClient;
beforeAll(async () => {
  w = await startWorld();
  const contactId = (await (await arrive(w.app, w.a.chatKey)).say('Hello')).contactId;
  name = docNames.contact(w.a.id, contactId);
  ok(await w.owner.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'plan', label: 'Plan' }));
  bob = await syncedAs(w.app, w.bob, name);
});
afterAll(async () => {
  bob?.destroy();
  await w?.app.close();
});

const server = () => w.app.kaon.collab.read(name);
const nowhere = (visible: (doc: Y.Doc) => boolean) => {
  expect(visible(server())).toBe(false);
  expect(visible(storedDoc(w.app, name))).toBe(false);
  expect(visible(bob.doc)).toBe(false);
};

describe('values a contact doc never holds', () => {
  it('a subdocument next to a forged comment is refused, and so is the same update sent again', async () => {
    const forged = newComment(w.owner.user.id, 'Refund approved — Olivia');
    const update = craft(server(), (doc) => {
      doc.getMap(CONTACT.comments).set(forged.id, forged);
      doc.getMap(CONTACT.fields).set('plan', new Y.Doc());
    });
    const has = (doc: Y.Doc) => doc.getMap(CONTACT.comments).has(forged.id);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        await sendFrom(w.app, w.alice, name, update);
        nowhere(has);
      }
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it.each<[string, (doc: Y.Doc) => void, (doc: Y.Doc) => boolean]>([
    ['binary as a profile value', (d) => d.getMap(CONTACT.profile).set('company', new Uint8Array(8)), (d) => d.getMap(CONTACT.profile).get('company') instanceof Uint8Array],
    ['a subdocument as a tag', (d) => d.getMap(CONTACT.tags).set('vip', new Y.Doc()), (d) => d.getMap(CONTACT.tags).has('vip')],
    ['a nested array as a field', (d) => d.getMap(CONTACT.fields).set('plan', new Y.Array()), (d) => d.getMap(CONTACT.fields).has('plan')],
    ['text as a comment', (d) => d.getMap(CONTACT.comments).set('abcdefgh12', new Y.Text('hi')), (d) => d.getMap(CONTACT.comments).has('abcdefgh12')],
    [
      'binary inside a comment record',
      (d) => d.getMap(CONTACT.comments).set('abcdefgh13', { ...newComment(w.alice.user.id, 'x', { id: 'abcdefgh13' }), body: new Uint8Array(4) }),
      (d) => d.getMap(CONTACT.comments).has('abcdefgh13'),
    ],
  ])('%s is refused', async (_what, edit, visible) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const code = await sendFrom(w.app, w.alice, name, craft(server(), edit));
      expect(code).toBeNull(); // refused, not a broken connection
      nowhere(visible);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('failing closed', () => {
  it('an update judged while the rules could not run is refused, and judged again when sent again', async () => {
    const update = craft(server(), (d) => d.getMap(CONTACT.fields).set('not_defined', 'smuggled'));
    const has = (doc: Y.Doc) => doc.getMap(CONTACT.fields).has('not_defined');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const db = w.app.kaon.deps.db;
    try {
      db.exec('ALTER TABLE contact_fields RENAME TO contact_fields_away'); // the field lookup throws
      await sendFrom(w.app, w.alice, name, update);
      nowhere(has);
      db.exec('ALTER TABLE contact_fields_away RENAME TO contact_fields');
      await sendFrom(w.app, w.alice, name, update);
      nowhere(has);
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});

describe('custom field values', () => {
  it('a value for a field the space defines is kept; one for an undefined key is refused', async () => {
    const alice = await syncedAs(w.app, w.alice, name);
    try {
      alice.doc.getMap(CONTACT.fields).set('plan', 'Pro');
      await waitFor('the plan at Bob', () => bob.doc.getMap(CONTACT.fields).get('plan') === 'Pro');
    } finally {
      alice.destroy();
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await sendFrom(w.app, w.alice, name, craft(server(), (d) => d.getMap(CONTACT.fields).set('secret_flag', 'yes')));
      nowhere((d) => d.getMap(CONTACT.fields).has('secret_flag'));
      expect(warn.mock.calls.flat().join(' ')).toMatch(/not a field of this space/);
    } finally {
      warn.mockRestore();
    }
  });

  it('a value whose definition was deleted can still be cleared, not set', async () => {
    ok(await w.owner.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'region', label: 'Region' }));
    const alice = await syncedAs(w.app, w.alice, name);
    try {
      alice.doc.getMap(CONTACT.fields).set('region', 'EU');
      await waitFor('the region at Bob', () => bob.doc.getMap(CONTACT.fields).get('region') === 'EU');
      ok(await w.owner.browser.mutate('contactFields.delete', { spaceId: w.a.id, key: 'region' }));
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      await sendFrom(w.app, w.bob, name, craft(server(), (d) => d.getMap(CONTACT.fields).set('region', 'US')));
      warn.mockRestore();
      expect(server().getMap(CONTACT.fields).get('region')).toBe('EU');
      alice.doc.getMap(CONTACT.fields).delete('region');
      await waitFor('the region gone at Bob', () => !bob.doc.getMap(CONTACT.fields).has('region'));
    } finally {
      alice.destroy();
    }
  });
});
