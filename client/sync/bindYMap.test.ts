import { createEffect, createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindYMap } from './bindYMap';

interface Rec {
  name: string;
  n: number;
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Changes `doc` the way the server or IndexedDB does: an update made elsewhere, applied here. */
function fromElsewhere(doc: Y.Doc, change: (peer: Y.Doc) => void): void {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(peer);
  change(peer);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, before), 'server');
}

/** Binds `map` under a root with one effect per watched key, counting how often each re-runs. */
function watch(map: Y.Map<Rec>, keys: string[]) {
  return createRoot((dispose) => {
    const binding = bindYMap(map);
    const runs: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
    for (const key of keys)
      createEffect(() => {
        void binding.store[key]?.name;
        runs[key]!++;
      });
    let all = 0;
    createEffect(() => {
      void Object.keys(binding.store).length;
      all++;
    });
    return { binding, runs, renders: () => all, dispose };
  });
}

describe('bindYMap', () => {
  it('starts with the map and applies adds, updates and deletes, re-running only the effects of changed keys', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    map.set('a', { name: 'Ana', n: 1 });
    map.set('c', { name: 'Cy', n: 3 });
    const { binding, runs, dispose } = watch(map, ['a', 'b', 'c']);
    const { store } = binding;
    expect(store.a).toEqual({ name: 'Ana', n: 1 });
    expect(runs).toEqual({ a: 1, b: 1, c: 1 });

    map.set('b', { name: 'Bo', n: 2 });
    expect(store.b).toEqual({ name: 'Bo', n: 2 });
    fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set('a', { name: 'Ana', n: 5 })); // the name did not change: a's effect stays quiet
    binding.flush();
    expect(store.a!.n).toBe(5);
    map.delete('b');
    expect(store.b).toBeUndefined();
    expect(Object.keys(store).sort()).toEqual(['a', 'c']);
    expect(runs).toEqual({ a: 1, b: 3, c: 1 }); // b: initial, added, deleted; c never touched
    dispose();
  });

  it('never hands the store the objects Yjs holds', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    const { binding, dispose } = watch(map, []);
    map.set('a', { name: 'Ana', n: 1 });
    expect(binding.store.a).toEqual(map.get('a'));
    expect(binding.store.a).not.toBe(map.get('a'));
    dispose();
  });

  it('mirrors nested Yjs types as plain values', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>('m');
    const inner = new Y.Map<number>();
    map.set('x', inner);
    inner.set('k', 1);
    const binding = createRoot(() => bindYMap(map));
    expect(binding.store.x).toEqual({ k: 1 });
    binding.dispose();
  });

  it("applies this tab's own edits at once", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    const { binding, dispose } = watch(map, []);
    doc.transact(() => map.set('a', { name: 'Ana', n: 1 }));
    expect(binding.store.a).toEqual({ name: 'Ana', n: 1 });
    dispose();
  });

  it('collects a burst of updates from elsewhere and applies it once, at the next frame', async () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    const { binding, runs, renders, dispose } = watch(map, ['k1']);
    for (let i = 0; i < 200; i++) fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set(`k${i}`, { name: `N${i}`, n: i }));
    fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set('k1', { name: 'again', n: 1 }));
    fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').delete('k2'));
    expect(Object.keys(binding.store)).toEqual([]); // nothing applied yet
    await nextFrame();
    expect(Object.keys(binding.store).length).toBe(199);
    expect(binding.store.k1).toEqual({ name: 'again', n: 1 });
    expect(binding.store.k2).toBeUndefined();
    expect(runs.k1).toBe(2); // once at the start, once for the whole burst
    expect(renders()).toBe(2);
    dispose();
  });

  it('flush() applies what is waiting at once', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    const { binding, dispose } = watch(map, []);
    fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set('a', { name: 'Ana', n: 1 }));
    expect(binding.store.a).toBeUndefined();
    binding.flush();
    expect(binding.store.a).toEqual({ name: 'Ana', n: 1 });
    dispose();
  });

  it('applies two maps changed together in the same batch', async () => {
    const doc = new Y.Doc();
    const seen: [number | undefined, number | undefined][] = [];
    const dispose = createRoot((dispose) => {
      const l = bindYMap(doc.getMap<number>('left'));
      const r = bindYMap(doc.getMap<number>('right'));
      createEffect(() => seen.push([l.store.v, r.store.v]));
      return dispose;
    });
    fromElsewhere(doc, (peer) => peer.getMap<number>('left').set('v', 1));
    fromElsewhere(doc, (peer) => peer.getMap<number>('right').set('v', 1));
    await nextFrame();
    expect(seen).toEqual([
      [undefined, undefined],
      [1, 1],
    ]);
    dispose();
  });

  it('passes every event on at once, before the store has it', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    map.set('old', { name: 'O', n: 0 });
    const actions: string[] = [];
    const binding = createRoot(() =>
      bindYMap(map, { onEvent: (event) => event.changes.keys.forEach((change, key) => actions.push(`${key}:${change.action}`)) }),
    );
    fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set('new', { name: 'N', n: 1 }));
    fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set('old', { name: 'O', n: 2 }));
    expect(actions).toEqual(['new:add', 'old:update']);
    expect(binding.store.new).toBeUndefined();
    binding.dispose();
  });

  it('stops following the map when its owner is disposed, even with changes waiting', async () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    const { binding, dispose } = watch(map, []);
    fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set('x', { name: 'X', n: 0 }));
    dispose();
    map.set('y', { name: 'Y', n: 0 });
    await nextFrame();
    expect(binding.store.x).toBeUndefined();
    expect(binding.store.y).toBeUndefined();
  });
  it('reports each flush\'s changed keys with their new values, once per flush, after the store has them', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    map.set('a', { name: 'Ana', n: 1 });
    const flushes: Array<Record<string, Rec | undefined>> = [];
    createRoot((dispose) => {
      const binding = bindYMap(map, {
        onApplied: (changes) => {
          for (const key of changes.keys()) expect(binding.store[key]).toEqual(changes.get(key));
          flushes.push(Object.fromEntries(changes));
        },
      });
      fromElsewhere(doc, (peer) => {
        const m = peer.getMap<Rec>('m');
        m.set('b', { name: 'Bo', n: 2 });
        m.delete('a');
      });
      fromElsewhere(doc, (peer) => peer.getMap<Rec>('m').set('c', { name: 'Cy', n: 3 }));
      expect(flushes).toEqual([]); // waiting for the frame
      binding.flush();
      dispose();
    });
    expect(flushes).toEqual([{ a: undefined, b: { name: 'Bo', n: 2 }, c: { name: 'Cy', n: 3 } }]);
  });

  it('rebind moves to another map (a new epoch of the doc): the store becomes its content, unchanged records stay quiet, then follows it', () => {
    const oldDoc = new Y.Doc();
    const old = oldDoc.getMap<Rec>('m');
    old.set('a', { name: 'Ana', n: 1 });
    old.set('b', { name: 'Bo', n: 2 });
    old.set('gone', { name: 'Gone', n: 0 });
    const { binding, runs, dispose } = watch(old, ['a', 'b', 'gone']);
    const newDoc = new Y.Doc();
    const next = newDoc.getMap<Rec>('m');
    next.set('a', { name: 'Ana', n: 1 });
    next.set('b', { name: 'Bea', n: 2 });
    next.set('new', { name: 'Nu', n: 9 });

    binding.rebind(next);
    expect({ ...binding.store }).toEqual({ a: { name: 'Ana', n: 1 }, b: { name: 'Bea', n: 2 }, new: { name: 'Nu', n: 9 } });
    expect(runs).toEqual({ a: 1, b: 2, gone: 2 });
    // The old map is not followed any more; the new one is.
    old.set('a', { name: 'Stale', n: 0 });
    next.set('a', { name: 'Ann', n: 1 });
    expect(binding.store.a!.name).toBe('Ann');
    dispose();
  });
});

