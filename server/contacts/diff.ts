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
}

// The shadow of each live doc: the same updates, applied first, so a refused update never
// reaches the live doc. Keyed by the live Y.Doc, so it goes when the doc is unloaded.
const shadows = new WeakMap<Y.Doc, Y.Doc>();

function sameVector(a: Y.Doc, b: Y.Doc): boolean {
  return Buffer.compare(Buffer.from(Y.encodeStateVector(a)), Buffer.from(Y.encodeStateVector(b))) === 0;
}

function shadowOf(live: Y.Doc): Y.Doc {
  const existing = shadows.get(live);
  // Server writes (seeding, workflow actions) reach only the live doc: rebuild when behind.
  if (existing && sameVector(existing, live)) return existing;
  existing?.destroy();
  const shadow = new Y.Doc({ gc: true });
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(live));
  shadows.set(live, shadow);
  return shadow;
}

/** Forgets the shadow of `live` (after a refused update it holds ops the live doc never got). */
export function dropShadow(live: Y.Doc): void {
  shadows.get(live)?.destroy();
  shadows.delete(live);
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
  return { maps, malformed };
}
