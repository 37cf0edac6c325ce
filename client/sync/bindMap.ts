import { onCleanup } from 'solid-js';
import { createStore, reconcile, type Store } from 'solid-js/store';
import type * as Y from 'yjs';

/**
 * A read-only Solid store mirroring a Y.Map of plain records, updated one key at a time from
 * Yjs events (stack notes §5: reconcile on every change is O(n); this is O(changed keys)).
 * Writes never go through the store.
 */
export function createMapStore<T extends object>(map: Y.Map<T>): Store<Record<string, T>> {
  const [store, setStore] = createStore<Record<string, T>>(map.toJSON() as Record<string, T>);
  const handle = (event: Y.YMapEvent<T>) => {
    for (const key of event.keysChanged) {
      const value = map.get(key);
      // A record is replaced whole by the server; reconcile keeps unchanged fields' signals quiet.
      if (value === undefined) setStore(key, undefined!);
      else setStore(key, reconcile(structuredClone(value) as T));
    }
  };
  map.observe(handle);
  onCleanup(() => map.unobserve(handle));
  return store;
}
