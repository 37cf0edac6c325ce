import type { DocRef } from '../../shared/sync/docNames';
import { SharedDoc, type HeldSends, type Peer } from './SharedDoc';
import type { DocStore } from './docStore';

/** Storage failed under a doc: clients retry (not a 44xx) and reload it from SQLite. */
export const CLOSE_STORAGE_ERROR = { code: 1011, reason: 'Storage error' } as const;

/**
 * Exactly one SharedDoc per doc name in memory, loaded on first use and unloaded (after
 * compaction) when nobody is connected, so memory follows the open tabs, not every doc ever seen.
 */
export class DocRegistry {
  private readonly docs = new Map<string, SharedDoc>();

  constructor(
    private readonly store: DocStore,
    private readonly compactEvery: number,
    /** How long a doc touched only by the server (write/read) stays loaded, for bursts of writes. */
    private readonly lingerMs: number,
    /** Runs on each fresh load (see CollabOptions.onLoad). */
    private readonly onLoad?: (ref: DocRef, doc: SharedDoc['doc']) => void,
    /** The open Collab.batch, whose commit broadcasts wait for. */
    private readonly held: () => HeldSends | null = () => null,
  ) {}

  /** The loaded doc, loading it from SQLite if needed (throws if its rows cannot be applied). */
  get(name: string, ref: DocRef): SharedDoc {
    let shared = this.docs.get(name);
    if (shared?.failed) {
      this.fail(shared); // before its queued teardown: never hand out a copy ahead of disk
      shared = undefined;
    }
    if (!shared) {
      shared = new SharedDoc(name, ref, this.store, this.compactEvery, (failed) => this.fail(failed), this.held);
      this.docs.set(name, shared);
      try {
        this.onLoad?.(ref, shared.doc);
      } catch (err) {
        console.error(`[collab] on-load hook of ${name} failed:`, err);
      }
    }
    clearTimeout(shared.idleTimer);
    shared.idleTimer = undefined;
    return shared;
  }

  /** After a server-only access: unload later unless a client connects meanwhile. */
  linger(shared: SharedDoc): void {
    if (!this.isCurrent(shared) || shared.peers.size > 0) return;
    clearTimeout(shared.idleTimer);
    shared.idleTimer = setTimeout(() => this.unloadIfIdle(shared), this.lingerMs);
    shared.idleTimer.unref(); // never keeps the process alive
  }

  /** A socket closed: drop its awareness, and unload the doc if it was the last one. */
  leave(shared: SharedDoc, peer: Peer): void {
    if (!this.isCurrent(shared)) return; // already unloaded (failure or shutdown)
    shared.detach(peer);
    this.unloadIfIdle(shared);
  }

  /**
   * A rebased doc's old copy: dropped at once without compaction (its rows are gone), and every
   * socket on it is told where the doc moved (CLOSE.rebased), so clients switch rooms.
   */
  retire(shared: SharedDoc, close: { code: number; reason: string }): void {
    shared.retired = true;
    if (this.isCurrent(shared)) this.docs.delete(shared.name);
    for (const peer of [...shared.peers.keys()]) peer.close(close.code, close.reason);
    shared.destroy();
  }

  /** Compacts and unloads every doc nobody is connected to (all of them, at shutdown). */
  unloadAll(): void {
    for (const shared of [...this.docs.values()]) this.unload(shared);
  }

  get size(): number {
    return this.docs.size;
  }

  private isCurrent(shared: SharedDoc): boolean {
    return this.docs.get(shared.name) === shared;
  }

  private unloadIfIdle(shared: SharedDoc): void {
    if (this.isCurrent(shared) && shared.peers.size === 0) this.unload(shared);
  }

  private unload(shared: SharedDoc): void {
    shared.compact();
    this.docs.delete(shared.name);
    shared.destroy();
  }

  // Memory holds an update SQLite refused: drop this copy without compacting it (that would
  // persist the refused update after all) and let clients reconnect to what is on disk.
  private fail(shared: SharedDoc): void {
    if (!this.isCurrent(shared)) return;
    this.docs.delete(shared.name);
    for (const peer of [...shared.peers.keys()]) peer.close(CLOSE_STORAGE_ERROR.code, CLOSE_STORAGE_ERROR.reason);
    shared.destroy();
  }
}
