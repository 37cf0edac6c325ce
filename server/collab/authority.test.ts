import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docNames } from '../../shared/sync/docNames';
import { newId } from '../db/ids';
import { SERVER_ORIGIN } from './index';
import { roundTrip, statesSeenBy, startHarness, waitFor, type Client, type Harness } from '../testing/syncClients';


let h: Harness;
afterEach(() => h?.close());

/** Once this resolves the server has handled every earlier message of `from` (a round trip on its socket). */
const barrier = (from: Client) => roundTrip(from.provider);

describe('authority docs', () => {
  it('carry server writes to connected clients, with the server origin', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const name = docNames.queue(space);
    const a = h.connect(name, alice);
    await waitFor('synced', () => a.provider.synced);

    const origins: unknown[] = [];
    h.collab.read(name).on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    h.collab.write(name, (doc) => doc.getMap('items').set('c1', { assigneeId: null, preview: 'Hi' }));
    await waitFor('alice sees the item', () => a.doc.getMap('items').has('c1'));
    expect(origins).toEqual([SERVER_ORIGIN]);
    expect(h.rows(name)).toBe(1);
  });

  it('drop client edits: not applied on the server, not stored, not seen by others', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const bob = h.addMember(space);
    const name = docNames.conv(space, newId());
    h.collab.write(name, (doc) => doc.getMap('items').set('m1', 'from the server'));
    const a = h.connect(name, alice);
    const b = h.connect(name, bob);
    await waitFor('both synced', () => a.provider.synced && b.provider.synced && b.doc.getMap('items').has('m1'));
    const rows = h.rows(name);

    // An Update message: alice (a modified client) writes into her copy of the doc.
    a.doc.getMap('items').set('forged', 'by alice');
    a.doc.getMap('items').delete('m1');
    await barrier(a);

    // A SyncStep2 message: carol wrote offline and now connects with that state.
    const carolDoc = new Y.Doc();
    carolDoc.getMap('items').set('offline', 'by carol');
    const c = h.connect(name, h.addMember(space), { doc: carolDoc });
    await waitFor('carol synced', () => c.provider.synced);
    await barrier(c);

    const server = h.collab.read(name).getMap('items');
    expect(server.toJSON()).toEqual({ m1: 'from the server' });
    expect(b.doc.getMap('items').toJSON()).toEqual({ m1: 'from the server' });
    expect(h.rows(name)).toBe(rows);

    // The server keeps writing; its writes still reach everyone.
    h.collab.write(name, (doc) => doc.getMap('items').set('m2', 'reply'));
    await waitFor('bob sees m2', () => b.doc.getMap('items').get('m2') === 'reply');
    await waitFor('carol sees m2', () => c.doc.getMap('items').get('m2') === 'reply');
    expect(h.collab.read(name).getMap('items').has('forged')).toBe(false);
  });

  it('relay no awareness (nobody’s presence belongs there), but answer it so the client’s idle watchdog stays fed', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const name = docNames.queue(space);
    const a = h.connect(name, h.addMember(space));
    const b = h.connect(name, h.addMember(space));
    await waitFor('both synced', () => a.provider.synced && b.provider.synced);
    const heard = a.provider.wsLastMessageReceived;
    await new Promise((resolve) => setTimeout(resolve, 20));
    a.provider.awareness.setLocalStateField('user', { userId: 'someone', name: 'Spoofed', typing: true, replying: true });
    a.provider.awareness.setLocalStateField('junk', 'x'.repeat(100_000));
    await barrier(a);
    await barrier(b);
    expect(statesSeenBy(b).filter((s) => Object.keys(s).length > 0)).toEqual([]);
    expect(a.provider.wsLastMessageReceived).toBeGreaterThan(heard);
    expect(h.collab.read(name) && h.rows(name)).toBe(0);
  });
});
