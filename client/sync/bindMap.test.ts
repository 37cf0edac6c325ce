import { createEffect, createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMapStore } from './bindMap';

interface Rec {
  name: string;
  n: number;
}

describe('createMapStore', () => {
  it('mirrors adds, updates and deletes, and re-runs only the effects of changed keys', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    map.set('a', { name: 'Ana', n: 1 });
    const runs = { a: 0, b: 0 };
    const { store, dispose } = createRoot((dispose) => {
      const store = createMapStore(map);
      createEffect(() => {
        void store.a?.name;
        runs.a++;
      });
      createEffect(() => {
        void store.b?.name;
        runs.b++;
      });
      return { store, dispose };
    });
    expect(store.a).toEqual({ name: 'Ana', n: 1 });
    expect(runs).toEqual({ a: 1, b: 1 });
    doc.transact(() => map.set('b', { name: 'Bo', n: 2 }));
    expect(store.b).toEqual({ name: 'Bo', n: 2 });
    map.set('a', { name: 'Ana', n: 5 }); // the name did not change: a's effect stays quiet
    expect(store.a!.n).toBe(5);
    map.delete('b');
    expect(store.b).toBeUndefined();
    expect(Object.keys(store)).toEqual(['a']);
    expect(runs).toEqual({ a: 1, b: 3 }); // b: initial, added, deleted
    dispose();
  });

  it('stops following the map when its owner is disposed', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<Rec>('m');
    let store: Record<string, Rec> = {};
    createRoot((dispose) => {
      store = createMapStore(map);
      dispose();
    });
    map.set('x', { name: 'X', n: 0 });
    expect(store.x).toBeUndefined();
  });
});
