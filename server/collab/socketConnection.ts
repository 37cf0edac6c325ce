import { WebSocket, type RawData } from 'ws';
import * as Y from 'yjs';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { isAuthority } from '../../shared/sync/docNames';
import type { CollabOptions } from './index';
import { judgeAwareness } from './awareness';
import { BadMessage, encode, parseMessage, type AwarenessEntry, type ClientMessage } from './protocol';
import type { Peer, SharedDoc } from './SharedDoc';

/** A message the server cannot read: the client is broken, so it should not retry (44xx). */
export const CLOSE_BAD_MESSAGE = { code: 4400, reason: 'Bad message' } as const;
/** A client that keeps sending updates (or presence) the rules refuse is broken or hostile; each refusal costs the server a rebuild. */
export const CLOSE_TOO_MANY_REFUSED = { code: 4429, reason: 'Too many refused changes' } as const;
/** An update that depends on changes the server lacks: reconnect (not 44xx) and resync in order. */
export const CLOSE_RESYNC = { code: 4509, reason: 'Out-of-order change: reconnect to resync' } as const;
const MAX_REFUSALS = 5;
const REFUSAL_WINDOW_MS = 60_000;
const CLOSE_SERVER_ERROR = { code: 1011, reason: 'Server error' } as const;

/** Keepalive as in the reference server: a peer that misses one pong in 30 s is dropped. */
const PING_INTERVAL_MS = 30_000;
/** A peer that reads this slowly would make us buffer the doc's history for it; drop it. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** The answer to awareness on docs that relay none: it keeps the client's 30 s idle watchdog fed. */
const NO_PRESENCE = encode.awareness(encode.awarenessUpdate([]));

export interface ConnectionContext {
  shared: SharedDoc;
  userId: string;
  /** The member's name as the server knows it: presence shows this, whatever the client says. */
  userName: string;
  validateUpdate: NonNullable<CollabOptions['validateUpdate']>;
  onClientUpdate: CollabOptions['onClientUpdate'];
  /** Called once, when the socket has closed for whatever reason. */
  onClose: (peer: Peer) => void;
}

/** Serves one accepted, authorized socket on one doc until it closes; returns it as the doc's peer. */
export function serveConnection(ws: WebSocket, ctx: ConnectionContext): Peer {
  const { shared, userId } = ctx;
  const { doc, awareness, ref } = shared;
  const readOnly = isAuthority(ref);
  // Presence belongs on contact docs only; authority docs and private drafts relay none.
  const presence = ref.kind === 'contact';
  // Whole ArrayBuffers, never pooled Buffer slices: see parseMessage.
  ws.binaryType = 'arraybuffer';
  let closing = false;

  const peer: Peer = {
    userId,
    send(message) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return void ws.terminate();
      ws.send(message, (err) => {
        if (err) ws.terminate();
      });
    },
    close(code, reason) {
      closing = true;
      if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
      else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    },
  };

  let refusals: number[] = [];
  function countRefusal(): void {
    const now = Date.now();
    refusals = [...refusals.filter((t) => now - t < REFUSAL_WINDOW_MS), now];
    if (refusals.length >= MAX_REFUSALS) peer.close(CLOSE_TOO_MANY_REFUSED.code, CLOSE_TOO_MANY_REFUSED.reason);
  }

  function applyAwareness(entries: AwarenessEntry[] | null): void {
    if (!presence) {
      if (entries === null) countRefusal();
      else peer.send(NO_PRESENCE);
      return;
    }
    if (entries === null) return countRefusal(); // over the size limit
    const ownedByOthers = new Set<number>();
    for (const [other, ids] of shared.peers) if (other !== peer) ids.forEach((id) => ownedByOthers.add(id));
    const verdict = judgeAwareness(entries, {
      userId,
      userName: ctx.userName,
      owned: shared.peers.get(peer) ?? new Set(),
      ownedByOthers,
      knownClock: (id) => awareness.meta.get(id)?.clock,
    });
    if (verdict.refused) return countRefusal();
    if (verdict.apply.length > 0) applyAwarenessUpdate(awareness, encode.awarenessUpdate(verdict.apply), peer);
  }

  function applyClientUpdate(update: Uint8Array): void {
    let verdict: boolean | 'resync' = false;
    try {
      verdict = ctx.validateUpdate({ ref, userId, doc, update });
    } catch (err) {
      console.error(`[collab] validateUpdate threw on ${shared.name}; update dropped:`, err);
    }
    // Refused: not applied, so neither stored nor broadcast.
    if (verdict === 'resync') return peer.close(CLOSE_RESYNC.code, CLOSE_RESYNC.reason);
    if (verdict !== true) return countRefusal();
    const before = shared.version;
    try {
      Y.applyUpdate(doc, update, peer);
    } catch (err) {
      throw new BadMessage(`update could not be applied: ${(err as Error).message}`);
    }
    if (shared.failed || shared.version === before) return;
    try {
      ctx.onClientUpdate?.({ ref, userId, doc });
    } catch (err) {
      console.error(`[collab] onClientUpdate failed on ${shared.name}:`, err);
    }
  }

  function handle(message: ClientMessage): void {
    switch (message.type) {
      case 'syncStep1':
        return peer.send(encode.syncStep2(doc, message.stateVector));
      case 'syncStep2':
      case 'update':
        // Authority docs are written only by the server after a SQLite commit: a client's
        // edits are dropped unseen (its local copy diverges until it reloads; never write them).
        if (!readOnly) applyClientUpdate(message.update);
        return;
      case 'awareness':
        return applyAwareness(message.entries);
      case 'queryAwareness':
        return peer.send(presence ? encode.awareness(encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()])) : NO_PRESENCE);
    }
  }

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    try {
      if (!isBinary || !(data instanceof ArrayBuffer)) throw new BadMessage('not a binary message');
      handle(parseMessage(new Uint8Array(data)));
    } catch (err) {
      const close = err instanceof BadMessage ? CLOSE_BAD_MESSAGE : CLOSE_SERVER_ERROR;
      if (close === CLOSE_SERVER_ERROR) console.error(`[collab] error on ${shared.name}:`, err);
      peer.close(close.code, close.reason);
    }
  });

  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  const keepalive = setInterval(() => {
    if (!alive) return void ws.terminate();
    alive = false;
    try {
      ws.ping();
    } catch {
      ws.terminate();
    }
  }, PING_INTERVAL_MS);

  // ws reports protocol errors (e.g. a frame over maxPayload) here and then closes the socket
  // itself (1009 for size); without a listener the 'error' event would crash the process.
  ws.on('error', () => {});
  ws.once('close', () => {
    closing = true;
    clearInterval(keepalive);
    ctx.onClose(peer);
  });

  shared.peers.set(peer, new Set());
  // The server opens the handshake too (client-server model of y-protocols/sync).
  peer.send(encode.syncStep1(doc));
  if (awareness.getStates().size > 0) {
    peer.send(encode.awareness(encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()])));
  }
  return peer;
}
