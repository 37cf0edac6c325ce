import * as Y from 'yjs';
import { CONTACT_ROOTS } from '../../shared/sync/contactDoc';

/** One key of one root map, before and after a client update (undefined = absent). */
export interface KeyChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** What a client update would do to a writable doc, computed on a shadow copy before it is applied. */
export interface ContactDocChanges {
  /** root map name (e.g. 'profile' | 'tags' | 'fields' | 'comments') → its changed keys */
  maps: Map<string, KeyChange[]>;
  /**
   * Something these docs never hold: another root type, nested Yjs types, subdocuments, binary,
   * values that are not plain JSON, list content in a map.
   */
  malformed: string | null;
  /**
   * The update depends on changes the server does not have. Yjs would park it unseen and apply
   * it later together with someone else's update, past the rules, so it is refused; an honest
   * client (a second tab that heard of an edit over BroadcastChannel first) resyncs in order.
   */
  missingDependencies: boolean;
}

interface Shadow {
  doc: Y.Doc;
  /** Stops mirroring the live doc's updates. */
  stop(): void;
}

// The shadow of each live doc: the same updates, applied first, so a refused update never
// reaches the live doc. Keyed by the live Y.Doc, so it goes when the doc is unloaded.
const shadows = new WeakMap<Y.Doc, Shadow>();

function shadowOf(live: Y.Doc): Y.Doc {
  const existing = shadows.get(live);
  if (existing) return existing.doc;
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
  // Every update of the live doc reaches the shadow too: server writes (seeding, workflow tags,
  // deletions that leave the state vector as it was) and, again, the client updates the shadow
  // already has (applying an update twice changes nothing).
  const mirror = (update: Uint8Array) => Y.applyUpdate(doc, update);
  live.on('update', mirror);
  shadows.set(live, { doc, stop: () => live.off('update', mirror) });
  return doc;
}

/** Forgets the shadow of `live` (after a refused update it holds ops the live doc never got). */
export function dropShadow(live: Y.Doc): void {
  const shadow = shadows.get(live);
  shadows.delete(live);
  shadow?.stop();
  shadow?.doc.destroy();
}

const MAX_DEPTH = 8;

/** null, booleans, strings, finite numbers, and arrays and plain objects of them: what JSON holds. */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false; // Uint8Array, Y.Doc, a __proto__ key…
  return Object.values(value).every((v) => isPlainJson(v, depth + 1));
}

/**
 * Why the value a map item holds is not one plain JSON value, or null. Checked on the item, not on
 * `map.get`: that shows only the last of several values in one item, and nothing of a format.
 */
function foreignValue(item: Y.Item): string | null {
  const content = item.content;
  if (content instanceof Y.ContentType) return 'a nested type';
  if (content instanceof Y.ContentDoc) return 'a subdocument';
  if (content instanceof Y.ContentBinary) return 'binary data';
  if (!(content instanceof Y.ContentAny)) return 'not a plain value';
  if (content.arr.length !== 1) return 'several values under one key';
  return isPlainJson(content.arr[0]) ? null : 'not plain JSON';
}

/**
 * Applies `update` to the shadow of `live` and reports what it changed in the root maps `roots`
 * (default: the contact doc's). Throws if the update cannot be decoded (the connection treats that
 * as a bad message); whenever it throws, the shadow is dropped first, so it never keeps a change
 * nobody judged. The caller decides; on refusal it must call dropShadow.
 */
export function diffUpdate(live: Y.Doc, update: Uint8Array, roots: readonly string[] = CONTACT_ROOTS): ContactDocChanges {
  try {
    return diffOnShadow(shadowOf(live), update, roots);
  } catch (err) {
    dropShadow(live);
    throw err;
  }
}

function diffOnShadow(shadow: Y.Doc, update: Uint8Array, roots: readonly string[]): ContactDocChanges {
  const rootsBefore = new Set(shadow.share.keys());
  // Yjs replaces its pending records when an update adds to them; ones inherited from older
  // stored data (same objects) are not this update's doing.
  const pendingBefore = { structs: shadow.store.pendingStructs, ds: shadow.store.pendingDs };
  const maps = new Map<string, KeyChange[]>();
  let malformed: string | null = null;
  const observers = roots.map((name) => {
    const map = shadow.getMap(name);
    // Never throws: an exception inside Yjs's transaction cleanup would skip the other observers.
    const observer = (event: Y.YMapEvent<unknown>) => {
      try {
        const list = maps.get(name) ?? [];
        for (const [key, change] of event.changes.keys) {
          const item = map._map.get(key);
          const current = item && !item.deleted ? item : undefined;
          const why = current ? foreignValue(current) : null;
          if (why) malformed = `${why} under ${name}.${key}`;
          list.push({ key, before: change.oldValue, after: current && !why ? map.get(key) : undefined });
        }
        maps.set(name, list);
      } catch (err) {
        malformed = `could not read the change of ${name}: ${(err as Error).message}`;
      }
    };
    map.observe(observer);
    return () => map.unobserve(observer);
  });
  const onTxn = (txn: Y.Transaction) => {
    for (const [type, keys] of txn.changed) {
      if (type._item !== null) malformed = 'a change inside a nested type';
      else if (keys.has(null)) malformed = 'list content in a map';
    }
  };
  shadow.on('afterTransaction', onTxn);
  try {
    Y.applyUpdate(shadow, update);
  } finally {
    shadow.off('afterTransaction', onTxn);
    observers.forEach((off) => off());
  }
  for (const name of shadow.share.keys()) {
    if (!rootsBefore.has(name) && !roots.includes(name)) malformed = `an unknown root "${name}"`;
  }
  if (shadow.subdocs.size > 0) malformed = 'a subdocument';
  const { pendingStructs, pendingDs } = shadow.store;
  const missingDependencies = (pendingStructs !== null && pendingStructs !== pendingBefore.structs) || (pendingDs !== null && pendingDs !== pendingBefore.ds);
  return { maps, malformed, missingDependencies };
}
