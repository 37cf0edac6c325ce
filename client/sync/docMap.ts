import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import type * as Y from 'yjs';
import { acquireDoc, releaseDoc } from './docs';

/**
 * A value read from one map of a doc, live: the doc is acquired while `docName` names it
 * (ref-counted, shared with whoever else has it open) and released when it changes or the owner
 * is disposed. Undefined while there is no doc.
 */
export function createDocMapReader<V, T>(docName: Accessor<string | undefined>, mapName: string, read: (map: Y.Map<V>) => T): Accessor<T | undefined> {
  const [value, setValue] = createSignal<T>();
  createEffect(() => {
    const name = docName();
    setValue(undefined);
    if (!name) return;
    const map = acquireDoc(name).doc.getMap<V>(mapName);
    const update = () => setValue(() => read(map));
    update();
    map.observe(update);
    onCleanup(() => {
      map.unobserve(update);
      releaseDoc(name);
    });
  });
  return value;
}
