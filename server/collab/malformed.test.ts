import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docNames } from '../../shared/sync/docNames';
import { newId } from '../db/ids';
import { startHarness, waitFor, within, type Harness, type Member } from '../testing/syncClients';


let h: Harness;
afterEach(() => h?.close());

/** A real update of a contact doc (with a delete set: `name` is overwritten), to damage. */
function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('profile').set('name', 'Mallory');
  doc.getMap('profile').set('name', 'Mallory was here, at some length');
  doc.getArray('comments').push([{ id: 'c1', body: 'x'.repeat(200) }]);
  return Y.encodeStateAsUpdate(doc);
}

/** Raw bytes; a `{ sized }` part is written as a length-prefixed byte array, as y-protocols does. */
function bytes(...parts: Array<number | { sized: Uint8Array }>): Uint8Array {
  const e = encoding.createEncoder();
  for (const p of parts) {
    if (typeof p === 'number') encoding.writeUint8(e, p);
    else encoding.writeVarUint8Array(e, p.sized);
  }
  return encoding.toUint8Array(e);
}

const update = realUpdate();
const CASES: Array<[string, Uint8Array | string, number]> = [
  ['garbage bytes', bytes(0xff, 0xff, 0xff, 0xff), 4400],
  ['a truncated varint', bytes(0x80), 4400],
  ['an empty message', new Uint8Array(0), 4400],
  ['an unknown message type', bytes(7, 0, 0), 4400],
  ['the auth message type, which clients never send', bytes(2, 0), 4400],
  ['an unknown sync step', bytes(0, 9, 0), 4400],
  ['an update whose length runs past the message', bytes(0, 2, 0xff, 0x01, 1, 2, 3), 4400],
  ['a Yjs update cut in its structs', bytes(0, 2, { sized: update.subarray(0, 40) }), 4400],
  // Y.applyUpdate reads the delete set only after integrating the structs: without the full
  // decode up front, this one would be half-applied and stored.
  ['a Yjs update cut in its delete set', bytes(0, 2, { sized: update.subarray(0, update.length - 1) }), 4400],
  ['a sync step 2 of garbage', bytes(0, 1, { sized: new Uint8Array([1, 2, 3]) }), 4400],
  ['a valid update followed by trailing bytes', bytes(0, 2, { sized: update }, 0), 4400],
  ['a sync step 1 with a garbage state vector', bytes(0, 0, { sized: new Uint8Array([5, 0x80, 0x80]) }), 4400],
  ['an awareness update that is not JSON', bytes(1, { sized: bytes(1, 1, 1, { sized: new TextEncoder().encode('{{') }) }), 4400],
  ['a text frame', 'hello', 4400],
  ['a frame over the 10 MB limit', new Uint8Array(10 * 1024 * 1024 + 1), 1009],
];

describe('malformed messages', () => {
  let alice: Member;
  let name: string;

  async function setup() {
    h = await startHarness();
    const space = h.addSpace();
    alice = h.addMember(space);
    name = docNames.contact(space, newId());
  }

  it.each(CASES)('closes the socket on %s, writes nothing, and keeps serving others', async (_label, message, code) => {
    await setup();
    const good = h.connect(name, alice);
    await waitFor('good client synced', () => good.provider.synced);

    const bad = h.raw(name, alice);
    await within('bad client open', bad.opened);
    await waitFor('server greeted it', () => bad.received.length > 0);
    bad.ws.send(message, { binary: typeof message !== 'string' });
    const closed = await within('bad client closed', bad.closed);
    expect(closed.code).toBe(code);

    expect(h.rows(name)).toBe(0);
    expect(h.collab.read(name).getMap('profile').size).toBe(0);
    expect(good.doc.getMap('profile').size).toBe(0);
    // The server is alive and still syncs the good client.
    good.doc.getMap('profile').set('name', 'Ada');
    await waitFor('server has the good edit', () => h.collab.read(name).getMap('profile').get('name') === 'Ada');
    const late = h.connect(name, alice);
    await waitFor('a new client syncs', () => late.doc.getMap('profile').get('name') === 'Ada');
  });

  it('answers well-formed raw messages (sync step 1 gets a sync step 2)', async () => {
    await setup();
    h.collab.write(name, (doc) => doc.getMap('profile').set('name', 'Ada'));
    const raw = h.raw(name, alice);
    await within('open', raw.opened);
    await waitFor('greeting', () => raw.received.length > 0);
    raw.ws.send(bytes(0, 0, { sized: Y.encodeStateVector(new Y.Doc()) })); // sync step 1, empty state
    const step2 = await waitFor('sync step 2', () => raw.received.find((m) => m[0] === 0 && m[1] === 1));
    const decoder = decoding.createDecoder(step2);
    decoding.readVarUint(decoder); // sync
    decoding.readVarUint(decoder); // step 2
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    expect(doc.getMap('profile').get('name')).toBe('Ada');
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  });
});
