import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { docNames } from '../../shared/sync/docNames';
import { newId } from '../db/ids';
import { ydocs } from '../db/ydocs';
import { contentOf, docFrom, startHarness, waitFor, type Harness } from '../testing/syncClients';


let h: Harness;
afterEach(() => h?.close());

/** The state as the doc itself would hand it to a new client. */
const snapshotJson = (doc: Y.Doc) => contentOf(docFrom([Y.encodeStateAsUpdate(doc)]));
const storedJson = (name: string) => contentOf(docFrom(ydocs.load(h.db, name)));

describe('persistence', () => {
  it('brings a doc back after the server restarts on the same database file', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const name = docNames.contact(space, newId());
    const a = h.connect(name, alice);
    await waitFor('synced', () => a.provider.synced);
    a.doc.getMap('profile').set('name', 'Grace Hopper');
    a.doc.getArray('comments').push([{ id: 'c1', body: 'VIP' }]);
    await waitFor('server has both', () => h.collab.read(name).getArray('comments').length === 1);
    // A writable doc still open when the server stops, and an authority doc written by it.
    h.collab.write(docNames.queue(space), (doc) => doc.getMap('items').set('q1', 'open'));

    const dataDir = h.dataDir;
    await h.close({ keepData: true });
    h = await startHarness({ dataDir });

    expect(h.rows(name)).toBe(1); // compacted when the server closed
    expect(contentOf(h.collab.read(name))).toEqual({ profile: { name: 'Grace Hopper' }, comments: [{ id: 'c1', body: 'VIP' }], items: {} });
    expect(h.collab.read(docNames.queue(space)).getMap('items').get('q1')).toBe('open');
    const again = h.connect(name, alice);
    await waitFor('a new client gets it', () => again.doc.getMap('profile').get('name') === 'Grace Hopper');
  });

  it('compacts periodically and when the last client leaves, keeping the state identical', async () => {
    h = await startHarness({ compactEvery: 5 });
    const space = h.addSpace();
    const name = docNames.contact(space, newId());
    const a = h.connect(name, h.addMember(space));
    await waitFor('synced', () => a.provider.synced);
    for (let i = 0; i < 12; i++) a.doc.getMap('profile').set(`field${i}`, i);
    a.doc.getArray('comments').push([{ id: 'c1', body: 'hello' }]);
    a.doc.getMap('profile').delete('field3');
    const live = h.collab.read(name);
    await waitFor('server has every edit', () => live.getArray('comments').length === 1 && !live.getMap('profile').has('field3'));

    // 14 updates so far, but compaction every 5 rows keeps the log short.
    const rows = h.rows(name);
    expect(rows).toBeGreaterThan(1);
    expect(rows).toBeLessThan(5);
    const before = snapshotJson(live);
    expect(storedJson(name)).toEqual(before);
    const stateVector = Y.encodeStateVector(live);

    a.provider.destroy();
    await waitFor('socket closed', () => h.collab.connectionCount() === 0);
    await waitFor('one snapshot row', () => h.rows(name) === 1);
    expect(storedJson(name)).toEqual(before);
    expect(Y.encodeStateVector(docFrom(ydocs.load(h.db, name)))).toEqual(stateVector);

    // The doc was unloaded: reading it loads a new copy from the snapshot.
    const reloaded = h.collab.read(name);
    expect(reloaded).not.toBe(live);
    expect(snapshotJson(reloaded)).toEqual(before);
  });

  it('compacts by bytes too: a doc whose updates are large keeps its log near the size of the doc', async () => {
    h = await startHarness(); // 200 rows per compaction by default
    const space = h.addSpace();
    const name = docNames.queue(space);
    // Like a commit group's queue update: many rows at once (about 8 KB per update).
    const row = (i: number) => ({ id: `c${i}`, contactName: `Contact ${i}`, preview: 'x'.repeat(60), lastAt: i });
    for (let round = 0; round < 60; round++)
      h.collab.write(name, (doc) => {
        const open = doc.getMap('open');
        for (let i = 0; i < 80; i++) open.set(`c${i}`, { ...row(i), lastAt: round });
      });
    const docBytes = Y.encodeStateAsUpdate(h.collab.read(name)).byteLength;
    const stored = ydocs.load(h.db, name).reduce((n, r) => n + r.byteLength, 0);
    // 60 updates of about 8 KB: without the byte bound all of them would still be rows (480 KB).
    expect(h.rows(name)).toBeLessThan(60);
    expect(stored).toBeLessThanOrEqual(docBytes + Math.max(64 * 1024, docBytes) + 16 * 1024);
    expect(storedJson(name)).toEqual(snapshotJson(h.collab.read(name)));
  });

  it('a doc loaded from one large snapshot appends its next write (no compaction per load)', async () => {
    h = await startHarness();
    const name = docNames.queue(h.addSpace());
    h.collab.write(name, (doc) => {
      for (let i = 0; i < 1500; i++) doc.getMap('open').set(`c${i}`, { id: `c${i}`, contactName: `Contact ${i}`, preview: 'y'.repeat(60) });
    });
    const dataDir = h.dataDir;
    await h.close({ keepData: true }); // compacted into one snapshot row as the server closes
    h = await startHarness({ dataDir });
    expect(h.rows(name)).toBe(1);
    expect(ydocs.load(h.db, name)[0]!.byteLength).toBeGreaterThan(64 * 1024);
    h.collab.write(name, (doc) => doc.getMap('open').set('c0', { id: 'c0', contactName: 'Renamed', preview: 'y' }));
    expect(h.rows(name)).toBe(2);
  });

  it('writes into a doc nobody has open: loads it, stores the update, and a later client sees it', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const name = docNames.contact(space, newId());
    const a = h.connect(name, alice);
    await waitFor('synced', () => a.provider.synced);
    a.doc.getMap('profile').set('name', 'Ada');
    await waitFor('stored', () => h.rows(name) === 1);
    a.provider.destroy();
    await waitFor('socket closed', () => h.collab.connectionCount() === 0);

    h.collab.write(name, (doc) => doc.getMap('profile').set('phone', '+44 20 7946 0000'));
    expect(h.rows(name)).toBe(2);
    expect(storedJson(name)).toMatchObject({ profile: { name: 'Ada', phone: '+44 20 7946 0000' } });

    const b = h.connect(name, alice);
    await waitFor('client sees both', () => b.doc.getMap('profile').get('phone') && b.doc.getMap('profile').get('name') === 'Ada');
  });

  it('drops the copy and closes its sockets with 1011 when SQLite refuses an update, then recovers', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    h = await startHarness();
    const space = h.addSpace();
    const name = docNames.contact(space, newId());
    const a = h.connect(name, h.addMember(space));
    await waitFor('synced', () => a.provider.synced);

    h.db.exec('ALTER TABLE ydoc_updates RENAME TO ydoc_updates_away');
    a.doc.getMap('profile').set('name', 'Ada');
    await waitFor('closed with 1011', () => a.closeCodes.includes(1011));
    expect(() => h.collab.write(name, (doc) => doc.getMap('profile').set('phone', '1'))).toThrow();
    expect(errors).toHaveBeenCalled();

    // Storage is back: the client (1011 is retried) reconnects and sends what the server lacks.
    h.db.exec('ALTER TABLE ydoc_updates_away RENAME TO ydoc_updates');
    await waitFor('stored after recovery', () => h.rows(name) > 0, 10_000);
    expect(storedJson(name)).toMatchObject({ profile: { name: 'Ada' } });
    errors.mockRestore();
  });

  it('refuses a write to something that is not a doc name', async () => {
    h = await startHarness();
    expect(() => h.collab.write('not-a-doc', () => {})).toThrow(/Not a doc name/);
    expect(() => h.collab.read('s.x.queue')).toThrow(/Not a doc name/);
  });
});
