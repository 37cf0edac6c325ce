import * as Y from 'yjs';
import type { Db } from '../db/connection';
import { ydocs } from '../db/ydocs';

/** Per-doc persistence over the `ydoc_updates` log (SQL lives in server/db/ydocs.ts). */
export interface DocStore {
  /** Applies every stored row to `doc` in one transaction; returns the number of rows and their bytes. */
  load(name: string, doc: Y.Doc): { rows: number; bytes: number };
  /** Appends one update; synchronous, so it is on disk before anyone is told about it. */
  append(name: string, update: Uint8Array): void;
  /** Replaces the doc's rows by one snapshot of `doc`, in one SQLite transaction; returns the snapshot's bytes. */
  compact(name: string, doc: Y.Doc): number;
  rowCount(name: string): number;
  /** The current epoch of an authority doc (0 if never rebased). */
  epochOf(name: string): number;
  /** Moves a doc to `to.epoch` with `snapshot` as its content, dropping the old room's rows, atomically. */
  rebase(name: string, from: { room: string }, to: { room: string; epoch: number }, snapshot: Uint8Array): void;
}

export function createDocStore(db: Db, now: () => number): DocStore {
  return {
    load(name, doc) {
      const rows = ydocs.load(db, name);
      if (rows.length > 0) doc.transact(() => rows.forEach((row) => Y.applyUpdate(doc, row)));
      return { rows: rows.length, bytes: rows.reduce((n, row) => n + row.byteLength, 0) };
    },
    append: (name, update) => void ydocs.append(db, name, update, now()),
    compact(name, doc) {
      const snapshot = Y.encodeStateAsUpdate(doc);
      ydocs.replace(db, name, snapshot, now());
      return snapshot.byteLength;
    },
    rowCount: (name) => ydocs.count(db, name),
    epochOf: (name) => ydocs.epochOf(db, name),
    rebase: (name, from, to, snapshot) => ydocs.rebase(db, name, from, to, snapshot, now()),
  };
}
