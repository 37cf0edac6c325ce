import { batch, getOwner, onCleanup, untrack } from 'solid-js';
import { createStore, reconcile, unwrap, type Store } from 'solid-js/store';
import * as Y from 'yjs';

/** A Y.Map mirrored into a read-only Solid store (Yjs → store, one way). */
export interface YMapBinding<T> {
  /** The map's entries as plain values; read it, never write it (UI writes go to Yjs in `doc.transact`). */
  readonly store: Store<Record<string, T>>;
  /** Applies the changes collected so far now, instead of at the next frame. */
  flush(): void;
  /**
   * Follows another map from now on (the same map of a doc's new epoch, see OpenDoc.onReplaced):
   * the store becomes what that map holds at once, keys it lacks removed, and unchanged records
   * stay quiet (reconciled), so the screen does not flicker.
   */
  rebind(map: Y.Map<T>): void;
  /** Stops following the map (done by itself when the binding was made under a Solid owner). */
  dispose(): void;
}

export interface BindYMapOptions<T> {
  /** Called at once for every Yjs event on the map, before the store has it (e.g. to tell new keys from updates). */
  onEvent?: (event: Y.YMapEvent<T>) => void;
  /**
   * Called once per flush, inside its batch, right after the store has the changes: each changed
   * key with its new plain value (undefined = deleted). Lets indexes (a sorted list, a count)
   * follow the change instead of rescanning the store.
   */
  onApplied?: (changes: ReadonlyMap<string, T | undefined>) => void;
}

interface Pending {
  apply(): void;
}

// Every binding with changes waits here; one frame applies all of them in one batch, so a burst
// of transactions (a sync, many arrivals) costs one render, and maps changed together show together.
const waiting = new Set<Pending>();
let scheduled = false;

// A hidden tab gets no animation frames: the timer applies the changes there (browsers slow it
// down, which batches even more). Whichever comes first wins.
const HIDDEN_TAB_MS = 100;

function flushAll(): void {
  scheduled = false;
  const all = [...waiting];
  waiting.clear();
  batch(() => all.forEach((p) => p.apply()));
}

function schedule(p: Pending): void {
  waiting.add(p);
  if (scheduled) return;
  scheduled = true;
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (frame !== undefined) cancelAnimationFrame(frame);
    flushAll();
  };
  const timer = setTimeout(run, typeof requestAnimationFrame === 'function' ? HIDDEN_TAB_MS : 0);
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
}

/** A plain copy of what the map holds under a key: the store must never wrap (and so mutate) Yjs's own values. */
function plain<T>(value: T): T {
  if (value instanceof Y.AbstractType) return value.toJSON() as T;
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/**
 * Binds a Y.Map to a read-only Solid store. Only the keys an event names are applied (an add,
 * update or delete costs the same with 10 or 10,000 entries), each record reconciled so the
 * signals of fields that did not change stay quiet. Changes that arrive (sync, IndexedDB) are
 * collected and applied once per animation frame in one `batch()`; this tab's own edits, and
 * `flush()`, apply at once. The store starts with the map's current entries.
 */
export function bindYMap<T>(first: Y.Map<T>, options: BindYMapOptions<T> = {}): YMapBinding<T> {
  let map = first;
  const initial: Record<string, T> = {};
  for (const [key, value] of map.entries()) initial[key] = plain(value);
  const [store, setStore] = createStore<Record<string, T>>(initial);
  const dirty = new Set<string>();

  const pending: Pending = {
    apply() {
      const keys = [...dirty];
      dirty.clear();
      const changes = new Map<string, T | undefined>();
      // Keys the store does not have yet are set in one merge (a first load of thousands costs
      // one store write, not one reconcile each); known keys are reconciled field by field.
      const fresh: Record<string, T> = {};
      let freshCount = 0;
      batch(() => {
        for (const key of keys) {
          const raw = map.get(key);
          const value = raw === undefined ? undefined : plain(raw);
          changes.set(key, value);
          if (value === undefined) setStore(key, undefined!);
          else if (untrack(() => store[key]) === undefined) {
            fresh[key] = value;
            freshCount++;
          } else setStore(key, reconcile(value));
        }
        if (freshCount > 0) setStore(fresh);
        options.onApplied?.(changes);
      });
    },
  };

  const handle = (event: Y.YMapEvent<T>) => {
    options.onEvent?.(event);
    for (const key of event.keysChanged) dirty.add(key);
    if (dirty.size === 0) return;
    // This tab's own edit shows at once (the field just edited reads it back); what arrives from
    // the server or IndexedDB waits for the frame.
    if (event.transaction.local) binding.flush();
    else schedule(pending);
  };

  let disposed = false;
  const binding: YMapBinding<T> = {
    store,
    flush() {
      waiting.delete(pending);
      if (dirty.size > 0) pending.apply();
    },
    rebind(next) {
      if (disposed || next === map) return;
      map.unobserve(handle);
      map = next;
      // Only what differs is applied (a rebased queue holds the same thousands of records): one
      // comparison per key instead of a reconcile and a re-sort of every row.
      const current = untrack(() => unwrap(store));
      for (const key of Object.keys(current)) if (!map.has(key)) dirty.add(key);
      for (const [key, value] of map.entries()) {
        const before = current[key];
        if (before === undefined || JSON.stringify(before) !== JSON.stringify(value instanceof Y.AbstractType ? value.toJSON() : value)) dirty.add(key);
      }
      map.observe(handle);
      binding.flush();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      map.unobserve(handle);
      waiting.delete(pending);
      dirty.clear();
    },
  };
  map.observe(handle);
  if (getOwner()) onCleanup(binding.dispose);
  return binding;
}
