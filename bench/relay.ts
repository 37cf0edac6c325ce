/**
 * Benchmark baseline (not part of Kaon): the smallest in-memory y-websocket-protocol relay, built
 * on `y-protocols` + `ws` alone. No auth, no ACL, no validation, no persistence: per doc a Y.Doc
 * and an Awareness that live as long as the relay; sync step 1/2 and updates are answered and
 * broadcast like the reference server does. Kaon's sync server is measured against it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { readSyncMessage, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

interface Room {
  doc: Y.Doc;
  awareness: Awareness;
  /** Each socket with the awareness client ids it introduced. */
  conns: Map<WebSocket, Set<number>>;
}

export interface Relay {
  /** The y-websocket `serverUrl` (docs are at `<url>/<docName>`). */
  url: string;
  /** The relay's copy of a doc (created empty if new), e.g. to preload it. */
  doc(docName: string): Y.Doc;
  /** Open sockets. */
  connections(): number;
  close(): Promise<void>;
}

const send = (ws: WebSocket, message: Uint8Array) => {
  if (ws.readyState === ws.OPEN) ws.send(message);
};

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

export async function startRelay(): Promise<Relay> {
  const rooms = new Map<string, Room>();
  const room = (name: string): Room => {
    let r = rooms.get(name);
    if (!r) {
      const doc = new Y.Doc({ gc: true });
      const awareness = new Awareness(doc);
      awareness.setLocalState(null);
      const conns = new Map<WebSocket, Set<number>>();
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        const m = message((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), writeUpdate(e, update)));
        for (const ws of conns.keys()) if (ws !== origin) send(ws, m);
      });
      awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const ids = conns.get(origin as WebSocket);
        if (ids) {
          added.forEach((id) => ids.add(id));
          removed.forEach((id) => ids.delete(id));
        }
        const m = message((e) => (encoding.writeVarUint(e, MESSAGE_AWARENESS), encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]))));
        for (const ws of conns.keys()) send(ws, m);
      });
      r = { doc, awareness, conns };
      rooms.set(name, r);
    }
    return r;
  };

  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws: WebSocket, name: string) => {
    const { doc, awareness, conns } = room(name);
    ws.binaryType = 'arraybuffer';
    conns.set(ws, new Set());
    ws.on('message', (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        readSyncMessage(decoder, encoder, doc, ws);
        if (encoding.length(encoder) > 1) send(ws, encoding.toUint8Array(encoder));
      } else if (type === MESSAGE_AWARENESS) {
        applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), ws);
      }
    });
    ws.on('close', () => {
      const ids = conns.get(ws);
      conns.delete(ws);
      if (ids && ids.size > 0) removeAwarenessStates(awareness, [...ids], null);
    });
    send(ws, message((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), writeSyncStep1(e, doc))));
    if (awareness.getStates().size > 0) {
      send(ws, message((e) => (encoding.writeVarUint(e, MESSAGE_AWARENESS), encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()])))));
    }
  });

  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, (req.url ?? '/').slice(1).split('?')[0]!)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    doc: (name) => room(name).doc,
    connections: () => wss.clients.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const r of rooms.values()) {
        r.awareness.destroy();
        r.doc.destroy();
      }
    },
  };
}
