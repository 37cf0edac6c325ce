import { describe, expect, it } from 'vitest';
import { SortedIds } from './sortedIds';

interface Key {
  id: string;
  at: number;
}
const byAt = (a: Key, b: Key) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The order a full sort gives, to compare the incremental one against. */
const sorted = (records: Map<string, Key>) => [...records.values()].sort(byAt).map((k) => k.id);

describe('SortedIds', () => {
  it('inserts, moves and removes ids in order, small batches and big ones, as a full sort would', () => {
    const index = new SortedIds<Key>(byAt);
    const truth = new Map<string, Key>();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      // Mostly a few changes (arrivals, a reassign), now and then a burst bigger than the list.
      const n = round % 50 === 0 ? 500 : 1 + Math.floor(random() * 5);
      const changes = new Map<string, Key | undefined>();
      for (let i = 0; i < n; i++) {
        const id = `c${Math.floor(random() * 800)}`;
        const key = random() < 0.2 ? undefined : { id, at: Math.floor(random() * 100) }; // ties on `at` are common
        changes.set(id, key);
      }
      for (const [id, key] of changes) {
        if (key) truth.set(id, key);
        else truth.delete(id);
      }
      const before = index.ids;
      index.apply(changes);
      expect(index.ids).toEqual(sorted(truth));
      expect(index.size).toBe(truth.size);
      if (changes.size > 0) expect(index.ids).not.toBe(before); // a new array: readers holding the old one see no change under them
    }
  });

  it('a key changed in place after it was given is still found and removed', () => {
    const index = new SortedIds<Key>(byAt);
    const a = { id: 'a', at: 1 };
    index.apply([['a', a], ['b', { id: 'b', at: 2 }]]);
    a.at = 5; // the caller's object moved on; the index still knows where 'a' sits
    index.apply([['a', undefined]]);
    expect(index.ids).toEqual(['b']);
  });

  it('reset replaces everything', () => {
    const index = new SortedIds<Key>(byAt);
    index.apply([['a', { id: 'a', at: 1 }]]);
    index.reset([['x', { id: 'x', at: 1 }], ['y', { id: 'y', at: 3 }]]);
    expect(index.ids).toEqual(['y', 'x']);
    expect(index.has('a')).toBe(false);
  });
});
