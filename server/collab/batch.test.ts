import { afterEach, describe, expect, it } from 'vitest';
import { docNames } from '../../shared/sync/docNames';
import { QUEUE } from '../../shared/sync/shapes';
import { BatchNotStored } from '.';
import { roundTrip, startHarness, waitFor, type Harness } from '../testing/syncClients';

// Collab.batch: a commit group's projections store their doc updates in one SQLite transaction,
// and peers hear of them only after it committed.

let h: Harness;
afterEach(() => h?.close());

describe('Collab.batch', () => {
  it('stores the updates of several docs in one transaction and broadcasts them after its commit', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const queue = docNames.queue(space);
    const a = h.connect(queue, alice);
    await waitFor('synced', () => a.provider.synced);
    const before = h.rows(queue);
    let inside: { inTransaction: boolean; rows: number } | undefined;
    h.collab.batch(() => {
      h.collab.write(queue, (doc) => doc.getMap(QUEUE.open).set('c1', { id: 'c1' }));
      h.collab.write(queue, (doc) => doc.getMap(QUEUE.open).set('c2', { id: 'c2' }));
      inside = { inTransaction: h.db.inTransaction, rows: h.rows(queue) };
    });
    expect(inside).toEqual({ inTransaction: true, rows: before + 2 });
    expect(h.db.inTransaction).toBe(false);
    await waitFor('the client has both', () => a.doc.getMap(QUEUE.open).size === 2);
  });

  it('a batch that cannot commit stores and broadcasts nothing, and the server copy is reloaded from SQLite', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const alice = h.addMember(space);
    const queue = docNames.queue(space);
    h.collab.write(queue, (doc) => doc.getMap(QUEUE.open).set('kept', { id: 'kept' }));
    const a = h.connect(queue, alice);
    await waitFor('synced', () => a.provider.synced && a.doc.getMap(QUEUE.open).has('kept'));
    const before = h.rows(queue);

    expect(() =>
      h.collab.batch(() => {
        h.collab.write(queue, (doc) => doc.getMap(QUEUE.open).set('lost', { id: 'lost' }));
        // A deferred foreign key fails the COMMIT itself.
        h.db.pragma('defer_foreign_keys = ON');
        h.db.prepare("INSERT INTO memberships (space_id, user_id, role, created_at) VALUES ('no-space', 'no-user', 'agent', 0)").run();
      }),
    ).toThrow(BatchNotStored);
    expect(h.db.inTransaction).toBe(false);
    expect(h.rows(queue)).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the failed copy is dropped in a microtask
    expect(h.collab.read(queue).getMap(QUEUE.open).has('lost')).toBe(false);
    expect(h.collab.read(queue).getMap(QUEUE.open).has('kept')).toBe(true);
    await roundTrip(a.provider).catch(() => undefined);
    expect(a.doc.getMap(QUEUE.open).has('lost')).toBe(false);
  });

  it('an error thrown inside still commits what was stored, then reaches the caller', async () => {
    h = await startHarness();
    const space = h.addSpace();
    const queue = docNames.queue(space);
    expect(() =>
      h.collab.batch(() => {
        h.collab.write(queue, (doc) => doc.getMap(QUEUE.open).set('c1', { id: 'c1' }));
        throw new Error('a listener failed');
      }),
    ).toThrow('a listener failed');
    expect(h.db.inTransaction).toBe(false);
    expect(h.rows(queue)).toBe(1);
  });
});
