import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { DocRef } from '../../shared/sync/docNames';
import { encode } from './protocol';
import type { DocStore } from './docStore';

/** One socket as a doc sees it (lets the doc broadcast without knowing about ws). */
export interface Peer {
  readonly userId: string;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/**
 * Updates stored inside an open SQLite transaction (Collab.batch): their broadcasts wait for its
 * commit, so a peer is never told of an update that could still roll back.
 */
export interface HeldSends {
  sends: Array<() => void>;
  touched: Set<SharedDoc>;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * The server's copy of one doc: a Y.Doc, its awareness, and the sockets on it. Every update,
 * whoever made it, is appended to SQLite before it is broadcast, from the doc's own `update`
 * event, so client edits and server writes take the same path.
 */
/** The update log may reach this size before a compaction, however small the snapshot. */
const COMPACT_LOG_MIN_BYTES = 64 * 1024;

export class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness;
  /** Each peer with the awareness client ids it introduced, removed when the peer leaves. */
  readonly peers = new Map<Peer, Set<number>>();
  /** Bumped per persisted update, so a caller can tell whether applying changed anything. */
  version = 0;
  /** Set when SQLite refused an update: memory is ahead of disk, so this copy must go. */
  failed = false;
  /** Marks this copy as ahead of disk (its batch did not commit): the registry drops it. */
  fail(): void {
    if (this.failed) return;
    this.failed = true;
    queueMicrotask(() => this.onFail(this));
  }
  idleTimer: NodeJS.Timeout | undefined;
  /**
   * Bytes stored since the last rebase check (all loaded rows at first), and the doc's encoded
   * size at that check: a check runs once the doc has grown by its own size (see Collab's
   * rebaseIfDue), so checking costs O(1) per stored byte.
   */
  bytesSinceCheck: number;
  sizeAtCheck = 0;
  /** Rebased under a newer epoch: its rows are gone, so it must not be compacted or written. */
  retired = false;
  private rows: number;
  /** Bytes of the update rows after the last snapshot, and that snapshot's size (0 until one is written here). */
  private logBytes: number;
  private snapshotBytes: number;

  constructor(
    readonly name: string,
    readonly ref: DocRef,
    private readonly store: DocStore,
    private readonly compactEvery: number,
    private readonly onFail: (shared: SharedDoc) => void,
    /** The open batch whose commit this doc's broadcasts must wait for, if any. */
    private readonly held: () => HeldSends | null = () => null,
  ) {
    const loaded = store.load(name, this.doc);
    this.rows = loaded.rows;
    this.bytesSinceCheck = loaded.bytes;
    // One row is a snapshot (the log after it is empty); several: their split is unknown, all count as log.
    this.logBytes = loaded.rows === 1 ? 0 : loaded.bytes;
    this.snapshotBytes = loaded.rows === 1 ? loaded.bytes : 0;
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null); // the server has no presence of its own
    this.awareness.on('update', this.handleAwareness);
    this.doc.on('update', this.handleUpdate);
  }

  /** Replaces the update log by one snapshot row (no-op when it already is one). */
  compact(): void {
    if (this.failed || this.retired || this.rows <= 1) return;
    try {
      this.snapshotBytes = this.store.compact(this.name, this.doc);
      this.rows = 1;
      this.logBytes = 0;
    } catch (err) {
      // The replace is one transaction, so the log is intact; the next trigger retries.
      console.error(`[collab] compaction of ${this.name} failed:`, err);
    }
  }

  /** Forgets a peer and the awareness states it brought (the others are told they left). */
  detach(peer: Peer): void {
    const ids = this.peers.get(peer);
    this.peers.delete(peer);
    if (ids && ids.size > 0) removeAwarenessStates(this.awareness, [...ids], null);
  }

  destroy(): void {
    clearTimeout(this.idleTimer);
    this.awareness.destroy(); // also stops its outdated-state interval
    this.doc.destroy();
  }

  // Must not throw: it runs inside Yjs's transaction cleanup, and an exception there leaves
  // the Y.Doc unable to run observers for later transactions.
  private readonly handleUpdate = (update: Uint8Array, origin: unknown) => {
    if (this.failed || this.retired) return;
    try {
      this.store.append(this.name, update);
    } catch (err) {
      console.error(`[collab] could not store an update of ${this.name}:`, err);
      this.failed = true;
      queueMicrotask(() => this.onFail(this));
      return; // not stored, so not broadcast
    }
    this.version++;
    this.rows++;
    this.bytesSinceCheck += update.byteLength;
    this.logBytes += update.byteLength;
    const message = encode.update(update);
    const send = () => {
      for (const peer of [...this.peers.keys()]) if (peer !== origin) peer.send(message);
    };
    const held = this.held();
    if (held) {
      held.touched.add(this);
      held.sends.push(send);
    } else send();
    // Periodic, not only on last leave: agents keep tabs open all day, so the last leave may never come.
    // By rows, and by bytes: a busy queue doc's updates carry many rows each (a commit group's), so
    // its log is kept under the size of its snapshot (or 64 KB) and a load reads about twice the doc.
    if (this.rows >= this.compactEvery || this.logBytes > Math.max(COMPACT_LOG_MIN_BYTES, this.snapshotBytes)) this.compact();
  };

  private readonly handleAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    const introduced = this.peers.get(origin as Peer);
    if (introduced) {
      for (const id of added) introduced.add(id);
      for (const id of removed) introduced.delete(id);
    }
    const message = encode.awareness(encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
    // Sent to the origin too: the client's own renewals echoing back every 15 s are what keeps
    // its 30 s "no message received" watchdog from reconnecting when it is alone on the doc.
    for (const peer of [...this.peers.keys()]) peer.send(message);
  };
}
