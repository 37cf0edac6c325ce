import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { docNames, type DocRef } from '../../shared/sync/docNames';
import { newId } from '../db/ids';
import { roundTrip, statesSeenBy, startHarness, waitFor, type Harness } from '../testing/syncClients';


let h: Harness;
afterEach(() => h?.close());

describe('writable docs', () => {
  it('syncs a contact doc between two members of the space, both ways, and stores it', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const bob = h.addMember(space);
    const name = docNames.contact(space, newId());
    // The query string is ignored when the doc name is taken from the URL.
    const a = h.connect(name, alice, { params: { v: '1' } });
    const b = h.connect(name, bob);
    await waitFor('both synced', () => a.provider.synced && b.provider.synced);

    a.doc.getMap('profile').set('name', 'Ada Lovelace');
    await waitFor('bob sees the name', () => b.doc.getMap('profile').get('name') === 'Ada Lovelace');
    b.doc.getArray('comments').push([{ id: 'c1', body: 'Called her back' }]);
    await waitFor('alice sees the comment', () => a.doc.getArray('comments').length === 1);

    expect(h.collab.read(name).getMap('profile').get('name')).toBe('Ada Lovelace');
    expect(h.rows(name)).toBeGreaterThanOrEqual(2);
    expect(h.collab.connectionCount()).toBe(2);
  });

  it('lets a user write their own drafts doc', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const name = docNames.drafts(space, alice.userId);
    const a = h.connect(name, alice);
    await waitFor('synced', () => a.provider.synced);
    a.doc.getMap('drafts').set('contact01', { text: 'Hello th', at: 1 });
    await waitFor('server has the draft', () => (h.collab.read(name).getMap('drafts').get('contact01') as { text?: string })?.text === 'Hello th');
    expect(h.rows(name)).toBe(1);
  });

  it('drops an update that validateUpdate refuses: not applied, stored or broadcast', async () => {
    const seen: Array<{ ref: DocRef; userId: string }> = [];
    const projected: string[] = [];
    let mallory = '';
    h = await startHarness({
      validateUpdate: ({ ref, userId, doc, update }) => {
        expect(doc).toBeInstanceOf(Y.Doc);
        expect(update).toBeInstanceOf(Uint8Array);
        seen.push({ ref, userId });
        return userId !== mallory;
      },
      onClientUpdate: ({ userId, doc }) => projected.push(`${userId}:${String(doc.getMap('profile').get('name'))}`),
    });
    const space = h.addSpace();
    const alice = h.addMember(space);
    const evil = h.addMember(space);
    mallory = evil.userId;
    const contactId = newId();
    const name = docNames.contact(space, contactId);
    const a = h.connect(name, alice);
    const m = h.connect(name, evil);
    await waitFor('both synced', () => a.provider.synced && m.provider.synced);

    a.doc.getMap('profile').set('name', 'Ada');
    await waitFor('mallory sees alice', () => m.doc.getMap('profile').get('name') === 'Ada');
    const rows = h.rows(name);

    m.doc.getMap('profile').set('name', 'Forged');
    await roundTrip(m.provider); // the server has handled (and dropped) the update

    expect(a.doc.getMap('profile').get('name')).toBe('Ada');
    expect(h.collab.read(name).getMap('profile').get('name')).toBe('Ada');
    expect(h.rows(name)).toBe(rows);
    expect(seen).toContainEqual({ ref: { kind: 'contact', spaceId: space, contactId }, userId: mallory });
    expect(projected).toEqual([`${alice.userId}:Ada`]);
  });

  it('relays awareness and removes a connection’s states when its socket closes', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const bob = h.addMember(space);
    const name = docNames.contact(space, newId());
    const a = h.connect(name, alice);
    const b = h.connect(name, bob);
    await waitFor('both synced', () => a.provider.synced && b.provider.synced);
    a.provider.awareness.setLocalStateField('user', { userId: alice.userId, name: 'Alice', typing: true, replying: false });
    await waitFor('bob sees alice typing', () => statesSeenBy(b).some((s) => (s.user as { typing?: boolean })?.typing));

    // Cut alice off without the goodbye (null state) a clean disconnect sends: only the
    // server can tell bob she left.
    a.provider.shouldConnect = false;
    (a.provider.ws as unknown as WebSocket).terminate();
    await waitFor('bob no longer sees alice', () => !b.provider.awareness.getStates().has(a.doc.clientID));
    await waitFor('one socket left', () => h.collab.connectionCount() === 1);
  });
});
