import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { docNames } from '../../shared/sync/docNames';
import { newId } from '../db/ids';
import { CLOSE_TOO_MANY_REFUSED } from './socketConnection';
import { roundTrip, startHarness, waitFor, within, type Client, type Harness, type Member } from '../testing/syncClients';

// Presence on a contact doc: relayed only as the socket's own member, in the presence shape.
let h: Harness;
afterEach(() => h?.close());

const userOf = (client: Client, clientId: number) => (client.provider.awareness.getStates().get(clientId) as { user?: Record<string, unknown> } | undefined)?.user;

async function setup() {
  h = await startHarness();
  const space = h.addSpace();
  const alice = h.addMember(space);
  const bob = h.addMember(space);
  const name = docNames.contact(space, newId());
  const a = h.connect(name, alice);
  const b = h.connect(name, bob);
  await waitFor('both synced', () => a.provider.synced && b.provider.synced);
  return { alice, bob, name, a, b };
}

/** An awareness message with one state, for any client id and clock, as a raw socket could send. */
function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // messageAwareness
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

const presence = (m: Member, extra: Record<string, unknown> = {}) => ({ userId: m.userId, name: 'Anything', typing: true, replying: false, ...extra });

describe('awareness on contact docs', () => {
  it('relays a member’s own presence, with their name as the server knows it', async () => {
    const { alice, a, b } = await setup();
    a.provider.awareness.setLocalStateField('user', presence(alice, { name: 'The CEO' }));
    await waitFor('bob sees alice typing', () => userOf(b, a.doc.clientID)?.typing === true);
    expect(userOf(b, a.doc.clientID)).toEqual({ userId: alice.userId, name: `User ${alice.userId}`, typing: true, replying: false });
  });

  it.each<[string, (alice: Member, bob: Member) => Record<string, unknown>]>([
    ['someone else’s user id', (_alice, bob) => ({ user: presence(bob) })],
    ['fields outside the presence shape', (alice) => ({ user: presence(alice), admin: true })],
    ['a wrong type', (alice) => ({ user: presence(alice, { typing: 'yes' }) })],
    ['more than 2 KB', (alice) => ({ user: presence(alice, { name: 'x'.repeat(3000) }) })],
  ])('drops a state with %s', async (_what, state) => {
    const { alice, bob, a, b } = await setup();
    a.provider.awareness.setLocalState(state(alice, bob));
    await roundTrip(a.provider);
    await roundTrip(b.provider);
    expect(b.provider.awareness.getStates().get(a.doc.clientID) ?? {}).toEqual({});
  });

  it('never lets one socket change or clear another socket’s presence', async () => {
    const { alice, bob, name, a, b } = await setup();
    b.provider.awareness.setLocalStateField('user', presence(bob));
    await waitFor('alice sees bob', () => userOf(a, b.doc.clientID)?.typing === true);
    const raw = h.raw(name, alice);
    await raw.opened;
    raw.ws.send(awarenessMessage(b.doc.clientID, 10_000, null));
    raw.ws.send(awarenessMessage(b.doc.clientID, 10_001, { user: presence(alice) }));
    await roundTrip(a.provider);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(userOf(a, b.doc.clientID)).toMatchObject({ userId: bob.userId, typing: true });
  });

  it('takes the states every client sends back (also of a member who just left) as echoes, not abuse', async () => {
    const { alice, bob, name, a, b } = await setup();
    b.provider.awareness.setLocalStateField('user', presence(bob));
    await waitFor('alice sees bob', () => userOf(a, b.doc.clientID)?.typing === true);
    const clock = a.provider.awareness.meta.get(b.doc.clientID)?.clock ?? 0;
    b.provider.destroy();
    await waitFor('bob gone for alice', () => !a.provider.awareness.getStates().has(b.doc.clientID));
    const raw = h.raw(name, alice);
    await raw.opened;
    for (let i = 0; i < 6; i++) raw.ws.send(awarenessMessage(b.doc.clientID, clock, { user: presence(bob) }));
    await roundTrip(a.provider);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    expect(a.provider.awareness.getStates().has(b.doc.clientID)).toBe(false);
  });

  it('closes a socket that keeps sending refused presence with 4429', async () => {
    const { alice, bob, name } = await setup();
    const raw = h.raw(name, alice);
    await raw.opened;
    for (let i = 0; i < 6; i++) raw.ws.send(awarenessMessage(424242, i + 1, { user: presence(bob) }));
    expect((await within('closed', raw.closed)).code).toBe(CLOSE_TOO_MANY_REFUSED.code);
  });
});
