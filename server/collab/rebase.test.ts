import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, epochOfRebasedReason } from '../../shared/sync/closeCodes';
import { THREAD_WINDOW } from '../../shared/domain/threadOrder';
import { docNames, roomName } from '../../shared/sync/docNames';
import { CONV, QUEUE, type OlderItems, type ThreadItem } from '../../shared/sync/shapes';
import { newId } from '../db/ids';
import { ydocs } from '../db/ydocs';
import { rebuildAuthorityDoc } from '../projections/rebaseDocs';
import { startHarness, waitFor, type Harness } from '../testing/syncClients';

let h: Harness;
afterEach(() => h?.close());

const row = (id: string, n: number) => ({ id, preview: `message ${n} `.padEnd(60, '.'), lastAt: n });
const bytesOf = (h: Harness, room: string) => ydocs.load(h.db, room).reduce((n, r) => n + r.byteLength, 0);
const message = (i: number): ThreadItem => ({
  kind: 'message', id: `m${String(i).padStart(6, '0')}`, direction: 'in', body: `hello ${i}`, authorName: null, status: 'received', error: null, at: 1_000 + i, files: [], clientId: null,
});

describe('authority docs are rebased under a new epoch', () => {
  it('tells onRebased which doc moved to which epoch, once per rebase', async () => {
    const moved: Array<[string, number]> = [];
    h = await startHarness({ rebuild: rebuildAuthorityDoc, rebaseMinBytes: 16 * 1024, onRebased: (ref, epoch) => moved.push([ref.kind, epoch]) });
    const space = h.addSpace();
    const name = docNames.queue(space);
    for (let n = 0; n < 60; n++) for (let c = 0; c < 50; c++) h.collab.write(name, (doc) => doc.getMap(QUEUE.open).set(`c${c}`, row(`c${c}`, n)));
    const epoch = ydocs.epochOf(h.db, name);
    expect(epoch).toBeGreaterThanOrEqual(1);
    expect(moved).toEqual(Array.from({ length: epoch }, (_, i) => ['queue', i + 1]));
  });

  it('a queue doc that is mostly replaced records moves to epoch 1: same records, a fraction of the bytes, sockets sent there', async () => {
    h = await startHarness({ rebuild: rebuildAuthorityDoc, rebaseMinBytes: 16 * 1024 });
    const space = h.addSpace();
    const alice = h.addMember(space);
    const name = docNames.queue(space);
    const a = h.connect(name, alice);
    await waitFor('synced', () => a.provider.synced);
    // 50 open conversations, each updated 60 times: the doc keeps 3,000 replaced records' history.
    for (let n = 0; n < 60; n++) for (let c = 0; c < 50; c++) h.collab.write(name, (doc) => doc.getMap(QUEUE.open).set(`c${c}`, row(`c${c}`, n)));
    const closed = await a.closed;
    expect(closed.code).toBe(CLOSE.rebased.code);
    const epoch = epochOfRebasedReason(closed.reason)!;
    expect(epoch).toBeGreaterThanOrEqual(1);
    expect(h.collab.roomOf(name)).toBe(roomName(name, epoch));
    expect(ydocs.epochOf(h.db, name)).toBe(epoch);

    // The old room's rows are gone; the new one holds every record as last written.
    expect(h.rows(name)).toBe(0);
    const server = h.collab.read(name).getMap(QUEUE.open);
    expect(server.size).toBe(50);
    expect(server.get('c7')).toEqual(row('c7', 59));
    const rebuiltSize = Y.encodeStateAsUpdate(h.collab.read(name)).byteLength;
    expect(rebuiltSize).toBeLessThan(20_000);

    // A client on the new room syncs it; one still asking for the old room is sent on at once.
    const b = h.connect(roomName(name, epoch), alice);
    await waitFor('b synced', () => b.provider.synced && b.doc.getMap(QUEUE.open).size === 50);
    const stale = h.connect(name, alice);
    expect(await stale.closed).toEqual({ code: CLOSE.rebased.code, reason: `Rebased e${epoch}` });
    const ahead = h.connect(roomName(name, epoch + 5), alice);
    expect(epochOfRebasedReason((await ahead.closed).reason)).toBe(epoch);

    // Later server writes go to the current room and reach its clients.
    h.collab.write(name, (doc) => doc.getMap(QUEUE.open).delete('c0'));
    await waitFor('b sees the close', () => !b.doc.getMap(QUEUE.open).has('c0'));
    // Until the next rebase the room grows by at most twice its content and the slack.
    expect(bytesOf(h, roomName(name, epoch))).toBeLessThan(2 * rebuiltSize + 16 * 1024 + 16 * 1024);
  });

  it('the queue doc stays proportional to the open conversations however many updates it had', async () => {
    h = await startHarness({ rebuild: rebuildAuthorityDoc, rebaseMinBytes: 16 * 1024 });
    const space = h.addSpace();
    const name = docNames.queue(space);
    const sizes: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let n = 0; n < 100; n++) for (let c = 0; c < 50; c++) h.collab.write(name, (doc) => doc.getMap(QUEUE.open).set(`c${c}`, row(`c${c}`, round * 100 + n)));
      sizes.push(Y.encodeStateAsUpdate(h.collab.read(name)).byteLength);
    }
    // 20,000 updates of 50 records: the doc never exceeds twice its content plus the slack.
    const content = Y.encodeStateAsUpdate(rebuildAuthorityDoc({ kind: 'queue', spaceId: space }, h.collab.read(name))!).byteLength;
    for (const size of sizes) expect(size).toBeLessThan(2 * content + 16 * 1024 + 16 * 1024);
    expect(ydocs.epochOf(h.db, name)).toBeGreaterThanOrEqual(2);
  });

  it('a long thread keeps its newest items in the doc and marks where the older ones start', async () => {
    h = await startHarness({ rebuild: rebuildAuthorityDoc, rebaseMinBytes: 16 * 1024 });
    const space = h.addSpace();
    const name = docNames.conv(space, newId());
    h.collab.write(name, (doc) => {
      doc.getMap(CONV.meta).set(CONV.state, { id: 'x', status: 'open' });
      const items = doc.getMap<ThreadItem>(CONV.items);
      for (let i = 0; i < 1_000; i++) items.set(message(i).id, message(i));
    });
    expect(ydocs.epochOf(h.db, name)).toBe(1);
    const doc = h.collab.read(name);
    const items = doc.getMap<ThreadItem>(CONV.items);
    expect(items.size).toBe(THREAD_WINDOW);
    expect(items.has(message(999).id) && items.has(message(1_000 - THREAD_WINDOW).id) && !items.has(message(999 - THREAD_WINDOW).id)).toBe(true);
    const oldest = message(1_000 - THREAD_WINDOW);
    expect(doc.getMap(CONV.meta).get(CONV.older)).toEqual({ before: { id: oldest.id, at: oldest.at, kind: 'message' } } satisfies OlderItems);
    expect(doc.getMap(CONV.meta).get(CONV.state)).toEqual({ id: 'x', status: 'open' });
  });

  it('small docs are never rebased, and a doc that fails to rebuild stays as it is', async () => {
    let calls = 0;
    h = await startHarness({
      rebuild: () => {
        calls++;
        throw new Error('boom');
      },
      rebaseMinBytes: 1024,
    });
    const space = h.addSpace();
    const name = docNames.queue(space);
    for (let n = 0; n < 200; n++) h.collab.write(name, (doc) => doc.getMap(QUEUE.open).set('c1', row('c1', n)));
    expect(calls).toBeGreaterThan(0);
    expect(ydocs.epochOf(h.db, name)).toBe(0);
    expect(h.collab.read(name).getMap(QUEUE.open).get('c1')).toEqual(row('c1', 199));
    // Writable docs have no epochs: their rooms never carry one.
    const alice = h.addMember(space);
    const contact = h.connect(`${docNames.contact(space, newId())}.e1`, alice);
    expect((await contact.closed).code).toBe(CLOSE.badDocName.code);
  });
});
