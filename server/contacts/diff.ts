import * as Y from 'yjs';
import { CONTACT_ROOTS } from '../../shared/sync/contactDoc';

/** One key of one root map, before and after a client update (undefined = absent). */
export interface KeyChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** What a client update would do to a contact doc, computed on a shadow copy before it is applied. */
export interface ContactDocChanges {
  /** root map name ('profile' | 'tags' | 'fields' | 'comments') → its changed keys */
  maps: Map<string, KeyChange[]>;
  /** Something the contact doc never holds: another root type, nested Yjs types, array content in a map. */
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

const plain = (value: unknown): unknown => (value instanceof Y.AbstractType ? value : value === undefined ? undefined : structuredClone(value));

/**
 * Applies `update` to the shadow of `live` and reports what it changed. Throws if the update
 * cannot be decoded (the connection treats that as a bad message). The caller decides; on
 * refusal it must call dropShadow.
 */
export function diffUpdate(live: Y.Doc, update: Uint8Array): ContactDocChanges {
  const shadow = shadowOf(live);
  const rootsBefore = new Set(shadow.share.keys());
  // Yjs replaces its pending records when an update adds to them; ones inherited from older
  // stored data (same objects) are not this update's doing.
  const pendingBefore = { structs: shadow.store.pendingStructs, ds: shadow.store.pendingDs };
  const maps = new Map<string, KeyChange[]>();
  let malformed: string | null = null;
  const roots = CONTACT_ROOTS.map((name) => [name, shadow.getMap(name)] as const);
  const observers = roots.map(([name, map]) => {
    const observer = (event: Y.YMapEvent<unknown>) => {
      const list = maps.get(name) ?? [];
      for (const [key, change] of event.changes.keys) {
        const after = map.get(key);
        if (after instanceof Y.AbstractType) malformed = `a nested type under ${name}.${key}`;
        list.push({ key, before: plain(change.oldValue), after: plain(after) });
      }
      maps.set(name, list);
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
    if (!rootsBefore.has(name) && !CONTACT_ROOTS.includes(name)) malformed = `an unknown root "${name}"`;
  }
  const { pendingStructs, pendingDs } = shadow.store;
  const missingDependencies = (pendingStructs !== null && pendingStructs !== pendingBefore.structs) || (pendingDs !== null && pendingDs !== pendingBefore.ds);
  return { maps, malformed, missingDependencies };
}
