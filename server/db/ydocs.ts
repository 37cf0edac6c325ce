import type { Statement } from 'better-sqlite3';
import type { Db } from './connection';

/** Yjs persistence (migration 2): an append-only update log per doc, compacted into one row. */
interface Statements {
  load: Statement<[string], { data: Buffer }>;
  append: Statement<[string, Buffer, number]>;
  clear: Statement<[string]>;
  count: Statement<[string], { n: number }>;
  epoch: Statement<[string], { epoch: number }>;
  setEpoch: Statement<[string, number]>;
}

// Appends run once per keystroke batch of every connected client; preparing the statement on
// each call would cost more than the insert itself, so statements are prepared once per Db.
const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      load: db.prepare('SELECT data FROM ydoc_updates WHERE doc = ? ORDER BY id'),
      append: db.prepare('INSERT INTO ydoc_updates (doc, data, created_at) VALUES (?, ?, ?)'),
      clear: db.prepare('DELETE FROM ydoc_updates WHERE doc = ?'),
      count: db.prepare('SELECT count(*) AS n FROM ydoc_updates WHERE doc = ?'),
      epoch: db.prepare('SELECT epoch FROM doc_epochs WHERE doc = ?'),
      setEpoch: db.prepare('INSERT INTO doc_epochs (doc, epoch) VALUES (?, ?) ON CONFLICT (doc) DO UPDATE SET epoch = excluded.epoch'),
    };
    cache.set(db, s);
  }
  return s;
}

// better-sqlite3 binds Buffers as BLOBs (not plain Uint8Arrays); this wraps without copying.
const blob = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export const ydocs = {
  /** Every stored update of `doc`, oldest first. */
  load: (db: Db, doc: string): Buffer[] => statements(db).load.all(doc).map((r) => r.data),
  append: (db: Db, doc: string, data: Uint8Array, now: number) => statements(db).append.run(doc, blob(data), now),
  /** Replaces the whole log of `doc` by one snapshot row, atomically. */
  replace: (db: Db, doc: string, snapshot: Uint8Array, now: number) =>
    db.transaction(() => {
      const s = statements(db);
      s.clear.run(doc);
      s.append.run(doc, blob(snapshot), now);
    })(),
  count: (db: Db, doc: string): number => statements(db).count.get(doc)?.n ?? 0,
  /** The current epoch of an authority doc (migration 13; 0 when it was never rebased). */
  epochOf: (db: Db, name: string): number => statements(db).epoch.get(name)?.epoch ?? 0,
  /**
   * Moves `name` to a new epoch in one transaction: the new room gets `snapshot` as its only row,
   * the old room's rows go, and the epoch is recorded.
   */
  rebase: (db: Db, name: string, from: { room: string }, to: { room: string; epoch: number }, snapshot: Uint8Array, now: number) =>
    db.transaction(() => {
      const s = statements(db);
      s.clear.run(to.room);
      s.append.run(to.room, blob(snapshot), now);
      s.clear.run(from.room);
      s.setEpoch.run(name, to.epoch);
    })(),
};
