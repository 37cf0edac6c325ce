import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { Store } from 'solid-js/store';
import { bindYMap } from './bindYMap';
import { acquireDoc, releaseDoc } from './docs';

/**
 * One map of a doc, bound while `docName` names it: the doc is acquired (ref-counted, shared with
 * whoever else has it open) and released when the name changes or the owner is disposed.
 * Undefined while there is no doc.
 */
export function bindDocMap<T>(docName: Accessor<string | undefined>, mapName: string): Accessor<Store<Record<string, T>> | undefined> {
  const [store, setStore] = createSignal<Store<Record<string, T>>>();
  createEffect(() => {
    const name = docName();
    if (!name) return void setStore(undefined);
    const binding = bindYMap(acquireDoc(name).doc.getMap<T>(mapName));
    setStore(() => binding.store);
    onCleanup(() => {
      binding.dispose();
      releaseDoc(name);
    });
  });
  return store;
}
