import { createEffect, createSignal, getOwner, onCleanup, type Accessor } from 'solid-js';
import type { Store } from 'solid-js/store';
import { bindYMap, type BindYMapOptions, type YMapBinding } from './bindYMap';
import { acquireDoc, releaseDoc, type OpenDoc } from './docs';

/** A map of an open doc, bound, following the doc to its new epoch when the server rebases it. */
export function bindOpenDocMap<T>(opened: OpenDoc, mapName: string, options?: BindYMapOptions<T>): YMapBinding<T> {
  const binding = bindYMap(opened.doc.getMap<T>(mapName), options);
  const stop = opened.onReplaced((doc) => binding.rebind(doc.getMap<T>(mapName)));
  const dispose = binding.dispose;
  binding.dispose = () => {
    stop();
    dispose();
  };
  if (getOwner()) onCleanup(stop);
  return binding;
}

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
    const binding = bindOpenDocMap<T>(acquireDoc(name), mapName);
    setStore(() => binding.store);
    onCleanup(() => {
      binding.dispose();
      releaseDoc(name);
    });
  });
  return store;
}
