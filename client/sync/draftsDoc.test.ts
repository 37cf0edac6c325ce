import 'fake-indexeddb/auto';
import { IndexeddbPersistence } from 'y-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { bindDrafts } from './draftsDoc';

afterEach(() => vi.useRealTimers());

describe('bindDrafts', () => {
  it('saves after a pause, in one transaction, and reads back what was typed before the pause', () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const drafts = bindDrafts(doc, { delayMs: 300, now: () => 42 });
    drafts.save('contact-1', 'H');
    drafts.save('contact-1', 'He');
    drafts.save('contact-1', 'Hello');
    expect(drafts.read('contact-1')).toBe('Hello');
    expect(drafts.map.get('contact-1')).toBeUndefined();
    vi.advanceTimersByTime(300);
    expect(drafts.map.get('contact-1')).toEqual({ text: 'Hello', at: 42 });
    expect(updates).toHaveLength(1);
  });

  it('one draft per contact; sending (empty text) clears it at once; flush writes what waits', () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const drafts = bindDrafts(doc);
    drafts.save('contact-1', 'For one');
    drafts.save('contact-2', 'For two');
    drafts.flush();
    expect(drafts.map.toJSON()).toMatchObject({ 'contact-1': { text: 'For one' }, 'contact-2': { text: 'For two' } });
    drafts.save('contact-1', '');
    expect(drafts.map.has('contact-1')).toBe(false);
    expect(drafts.read('contact-2')).toBe('For two');
  });

  it('survives a reload (IndexedDB) and reaches another device', async () => {
    const name = `kaon:drafts-test-${Math.random()}`;
    const doc = new Y.Doc();
    const idb = new IndexeddbPersistence(name, doc);
    await idb.whenSynced;
    const drafts = bindDrafts(doc);
    drafts.save('contact-1', 'Written offline');
    drafts.flush();
    const state = Y.encodeStateAsUpdate(doc);
    await idb.destroy();

    const reloaded = new Y.Doc();
    const again = new IndexeddbPersistence(name, reloaded);
    await again.whenSynced;
    expect(bindDrafts(reloaded).read('contact-1')).toBe('Written offline');
    await again.destroy();

    // Another device receives the update (as the sync server relays it) and sees the same draft.
    const phone = new Y.Doc();
    Y.applyUpdate(phone, state);
    expect(bindDrafts(phone).read('contact-1')).toBe('Written offline');
  });
});
