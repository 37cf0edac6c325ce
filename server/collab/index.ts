/**
 * Kaon's y-websocket sync server (docs/ARCHITECTURE.md, Who owns what): one doc per socket at `/yjs/<docName>`,
 * authenticated by the session cookie, per-doc ACL, read-only authority docs, validated writable
 * docs, every accepted update appended to SQLite before it is broadcast.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE, rebasedReason } from '../../shared/sync/closeCodes';
import { isAuthority, parseDocName, parseRoom, roomName, type DocRef } from '../../shared/sync/docNames';
import { watchAccess } from '../auth/liveAccess';
import type { Db } from '../db/connection';
import type { EventBus } from '../events';
import { authorizeUpgrade, type UpgradeDecision } from './authorize';
import { serveConnection } from './socketConnection';
import { CLOSE_STORAGE_ERROR, DocRegistry } from './DocRegistry';
import type { HeldSends, SharedDoc } from './SharedDoc';
import { createDocStore } from './docStore';

export interface CollabOptions {
  db: Db;
  now: () => number;
  /** Extra existence check per doc (e.g. the conversation belongs to the space). Default: () => true. */
  docExists?: (ref: DocRef) => boolean;
  /**
   * Validates a client update to a writable doc before it is applied; return false to drop it
   * (not applied, stored or broadcast), or 'resync' to drop it and make the client reconnect and
   * resync in order (the update depends on changes the server does not have). `doc` is the live
   * server copy: read it, never write it. Default: accept.
   */
  validateUpdate?: (ctx: { ref: DocRef; userId: string; doc: Y.Doc; update: Uint8Array }) => boolean | 'resync';
  /** Called after a client update has been applied to a writable doc (projections). */
  onClientUpdate?: (ctx: { ref: DocRef; userId: string; doc: Y.Doc }) => void;
  /**
   * Called once each time a doc is loaded into memory, before anyone reads it, with the origin
   * server writes use: may write to the doc (e.g. seed a contact's profile from SQLite).
   */
  onLoad?: (ref: DocRef, doc: Y.Doc, origin: symbol) => void;
  /**
   * The event bus whose `access.changed` makes every socket of that user re-check its session and
   * membership (closed with 4401/4403 when they no longer hold). Without it, only session expiry is
   * watched.
   */
  events?: Pick<EventBus, 'onAccess'>;
  /** PUBLIC_URL: pages of its origin may open sockets too (besides the Host's own origin). */
  publicUrl?: string | null;
  /** Update rows per doc before compaction into one snapshot row (default 200). */
  compactEvery?: number;
  /**
   * Rebuilds an authority doc from what it holds, without the history of replaced records (and, for
   * a long thread, without its oldest items): a fresh Y.Doc, or null to keep the doc as it is. When
   * the doc's encoded size is more than twice the rebuilt one's, the rebuilt copy replaces it under
   * the next epoch (CLOSE.rebased tells open sockets where it went). Without it nothing is rebased.
   */
  rebuild?: (ref: DocRef, doc: Y.Doc) => Y.Doc | null;
  /** After a rebase moved a doc to `epoch` (e.g. a conversation's queue row announces its new room). */
  onRebased?: (ref: DocRef, epoch: number) => void;
  /** A doc is considered for a rebase once it has stored this many bytes since the last check, and at least its own size (default 64 KiB). */
  rebaseMinBytes?: number;
}

export interface Collab {
  /** For http `upgrade` events whose pathname starts with /yjs/. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Server write (origin = SERVER_ORIGIN): loads the doc from SQLite if needed, runs fn in one
   * transact, persists the update, broadcasts it. Used for authority docs after a SQLite commit.
   * Throws if the doc name is invalid or the update could not be stored.
   */
  write(docName: string, fn: (doc: Y.Doc) => void): void;
  /**
   * Runs `fn` (server writes, e.g. a commit group's projections) in one SQLite transaction: the
   * updates it stores commit once, and are broadcast only after that commit. If the commit
   * fails, the docs it wrote are dropped from memory (reloaded from SQLite) and it throws.
   */
  batch(fn: () => void): void;
  /**
   * The current server copy of a doc (loaded from SQLite if needed), e.g. for projections and
   * tests. Read it, don't write it (use write), and don't keep it: idle docs are unloaded.
   */
  read(docName: string): Y.Doc;
  /** The room an authority doc lives in now (`<name>.e<epoch>`; the name itself before its first rebase). */
  roomOf(docName: string): string;
  /** Number of open sockets (for diagnostics/bench). */
  connectionCount(): number;
  /** Closes all sockets (1001, clients reconnect later), compacts and unloads every doc. */
  close(): Promise<void>;
}

/** The transaction origin of server writes, for observers that must tell them from clients'. */
export const SERVER_ORIGIN = Symbol('kaon.collab.server');

/** Larger frames are refused by ws with close code 1009 before we see them. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const DEFAULT_COMPACT_EVERY = 200;
/** Projections write the queue doc in bursts; keeping it loaded briefly avoids a reload per write. */
const LINGER_MS = 10_000;
const SHUTDOWN_GRACE_MS = 1_000;
const DEFAULT_REBASE_MIN_BYTES = 64 * 1024;
/** A rebase must win more than this over twice the rebuilt size, so small docs never churn epochs. */
const REBASE_SLACK_BYTES = 16 * 1024;
const CLOSE_SHUTDOWN = { code: 1001, reason: 'Server shutting down' } as const;
const CLOSE_SERVER_ERROR = { code: 1011, reason: 'Server error' } as const;

const closed = (ws: WebSocket) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve())));
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

type Batch = HeldSends & { after: Array<() => void> };

/** Collab.batch could not commit: nothing it wrote was stored or broadcast. */
export class BatchNotStored extends Error {
  override name = 'BatchNotStored';
  constructor(cause: unknown) {
    super(`The batch of doc updates could not be stored: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function createCollab(opts: CollabOptions): Collab {
  const { db, now } = opts;
  const docExists = opts.docExists ?? (() => true);
  const validateUpdate = opts.validateUpdate ?? (() => true);
  const onLoad = opts.onLoad;
  const events = opts.events ?? { onAccess: () => () => {} };
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;
  const store = createDocStore(db, now);
  const rebaseMinBytes = opts.rebaseMinBytes ?? DEFAULT_REBASE_MIN_BYTES;
  /** The open batch (see Collab.batch): its stored updates are broadcast after its commit. */
  let batch: Batch | null = null;
  const registry = new DocRegistry(
    store,
    Math.max(1, opts.compactEvery ?? DEFAULT_COMPACT_EVERY),
    LINGER_MS,
    onLoad && ((ref, doc) => onLoad(ref, doc, SERVER_ORIGIN)),
    () => batch,
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const sockets = new Set<WebSocket>();
  /** Refused sockets until their close handshake ends, so close() can cut off stragglers. */
  const refusing = new Set<WebSocket>();
  let isClosed = false;
  let closing: Promise<void> | undefined;

  // Refusals accept the upgrade and then close with a 44xx: an HTTP 401 on the upgrade reaches
  // browsers as an opaque 1006 and y-websocket would retry forever.
  function refuse(ws: WebSocket, close: { code: number; reason: string }): void {
    ws.on('error', () => {});
    refusing.add(ws);
    ws.once('close', () => refusing.delete(ws));
    ws.close(close.code, close.reason);
  }

  const epochOf = (name: string, ref: DocRef) => (isAuthority(ref) ? store.epochOf(name) : 0);
  const rebased = (epoch: number) => ({ code: CLOSE.rebased.code, reason: rebasedReason(epoch) });

  /**
   * Rebases an authority doc when it has grown to more than twice what a rebuild of it holds
   * (Yjs keeps the tombstones of every replaced record): the rebuilt copy is stored as the next
   * epoch's only row and the old room's rows go in one transaction; its sockets are closed with
   * CLOSE.rebased. Checked only after the doc stored as many bytes as it had at the last check,
   * so the O(doc) check is amortized over the writes. Returns the new epoch, or null.
   */
  function rebaseIfDue(shared: SharedDoc): number | null {
    if (!opts.rebuild || shared.failed || shared.retired || !isAuthority(shared.ref)) return null;
    if (shared.bytesSinceCheck < Math.max(rebaseMinBytes, shared.sizeAtCheck)) return null;
    shared.bytesSinceCheck = 0;
    const room = parseRoom(shared.name)!;
    let fresh: Y.Doc | null = null;
    try {
      fresh = opts.rebuild(shared.ref, shared.doc);
      if (!fresh) return null;
      const size = Y.encodeStateAsUpdate(shared.doc).byteLength;
      shared.sizeAtCheck = size;
      const snapshot = Y.encodeStateAsUpdate(fresh);
      if (size <= 2 * snapshot.byteLength + REBASE_SLACK_BYTES) return null;
      const next = room.epoch + 1;
      store.rebase(room.name, { room: shared.name }, { room: roomName(room.name, next), epoch: next }, snapshot);
      registry.retire(shared, rebased(next));
      try {
        opts.onRebased?.(shared.ref, next);
      } catch (err) {
        console.error(`[collab] on-rebased hook of ${shared.name} failed:`, err);
      }
      return next;
    } catch (err) {
      // Nothing changed on disk (one transaction): the doc stays as it is until the next check.
      console.error(`[collab] could not rebase ${shared.name}:`, err);
      return null;
    } finally {
      fresh?.destroy();
    }
  }

  function accept(ws: WebSocket, decision: Extract<UpgradeDecision, { ok: true }>): void {
    let shared: SharedDoc;
    try {
      // A client on an older (or, after a restore from backup, newer) epoch is sent to the current one.
      const epoch = epochOf(decision.docName, decision.ref);
      if (epoch !== decision.epoch) return refuse(ws, rebased(epoch));
      shared = registry.get(roomName(decision.docName, epoch), decision.ref);
      const next = rebaseIfDue(shared);
      if (next !== null) return refuse(ws, rebased(next));
    } catch (err) {
      console.error(`[collab] could not load ${decision.docName}:`, err);
      return refuse(ws, CLOSE_STORAGE_ERROR);
    }
    sockets.add(ws);
    ws.once('close', () => sockets.delete(ws));
    const peer = serveConnection(ws, {
      shared,
      userId: decision.userId,
      userName: decision.userName,
      validateUpdate,
      onClientUpdate: opts.onClientUpdate,
      onClose: (p) => registry.leave(shared, p),
    });
    // The upgrade's checks are not enough for a socket that stays open for days: a removed,
    // signed-out or expired member is cut off (44xx: the client does not retry). A role change
    // keeps the socket: no doc depends on the role, and the rules read it per update.
    const grant = { userId: decision.userId, spaceId: decision.ref.spaceId, credential: { kind: 'session' as const, hash: decision.sessionHash } };
    const stop = watchAccess({ db, now, events }, grant, (why) => {
      const close = why === 'unauthorized' ? CLOSE.unauthorized : CLOSE.forbidden;
      peer.close(close.code, close.reason);
    });
    ws.once('close', stop);
  }

  function loadForServer(docName: string) {
    if (isClosed) throw new Error(`The sync server is closed; cannot open ${docName}`);
    const ref = parseDocName(docName);
    if (!ref) throw new Error(`Not a doc name: ${docName}`);
    return registry.get(roomName(docName, epochOf(docName, ref)), ref);
  }

  async function shutDown(): Promise<void> {
    isClosed = true;
    const open = [...sockets];
    for (const ws of open) ws.close(CLOSE_SHUTDOWN.code, CLOSE_SHUTDOWN.reason);
    await Promise.race([Promise.all(open.map(closed)), delay(SHUTDOWN_GRACE_MS)]);
    // Peers that did not answer the close frame in time are cut off.
    for (const ws of [...open, ...refusing]) if (ws.readyState !== ws.CLOSED) ws.terminate();
    await Promise.race([Promise.all(open.map(closed)), delay(SHUTDOWN_GRACE_MS)]);
    // Each socket's close already unloaded its doc if it was the last; this catches the rest.
    registry.unloadAll();
    wss.close();
  }

  return {
    handleUpgrade(req, socket, head) {
      if (isClosed) return void socket.destroy();
      let decision: UpgradeDecision;
      try {
        decision = authorizeUpgrade(req, { db, now, docExists, publicOrigin });
      } catch (err) {
        console.error('[collab] could not authorize an upgrade:', err);
        decision = { ok: false, close: CLOSE_SERVER_ERROR };
      }
      try {
        wss.handleUpgrade(req, socket, head, (ws) => {
          try {
            if (decision.ok) accept(ws, decision);
            else refuse(ws, decision.close);
          } catch (err) {
            console.error('[collab] could not open a connection:', err);
            ws.terminate();
          }
        });
      } catch (err) {
        console.error('[collab] upgrade failed:', err);
        socket.destroy();
      }
    },

    write(docName, fn) {
      const shared = loadForServer(docName);
      try {
        shared.doc.transact(() => fn(shared.doc), SERVER_ORIGIN);
      } finally {
        registry.linger(shared);
      }
      if (shared.failed) throw new Error(`Could not store the update of ${docName}`);
      // A rebase closes sockets: never for a batch that could still roll back.
      if (batch) batch.after.push(() => void rebaseIfDue(shared));
      else rebaseIfDue(shared);
    },

    batch(fn) {
      if (batch || db.inTransaction) return fn();
      const mine: Batch = { sends: [], touched: new Set(), after: [] };
      batch = mine;
      let failure: unknown;
      db.exec('BEGIN');
      try {
        fn();
      } catch (err) {
        failure = err; // what was stored still commits; the caller hears of the error after
      }
      try {
        db.exec('COMMIT');
      } catch (err) {
        batch = null;
        if (db.inTransaction) db.exec('ROLLBACK');
        // Memory is ahead of disk in every doc the batch wrote: those copies go (clients reload them).
        for (const shared of mine.touched) shared.fail();
        throw new BatchNotStored(err);
      }
      batch = null;
      for (const send of mine.sends) send();
      for (const after of mine.after) after();
      if (failure !== undefined) throw failure;
    },

    read(docName) {
      const shared = loadForServer(docName);
      registry.linger(shared);
      return shared.doc;
    },

    roomOf(docName) {
      const ref = parseDocName(docName);
      if (!ref) throw new Error(`Not a doc name: ${docName}`);
      return roomName(docName, epochOf(docName, ref));
    },

    connectionCount: () => sockets.size,

    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}
