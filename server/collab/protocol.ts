/**
 * The y-websocket wire format (as in @y/websocket-server 0.1.1 and y-protocols 1.0.7), parsed
 * strictly: a message is decoded completely before anything acts on it, so a malformed one is
 * refused as a whole and can never be half-applied.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
/** The y-websocket client sends it only over BroadcastChannel, but answering it costs nothing. */
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2' | 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' };

export class BadMessage extends Error {
  override name = 'BadMessage';
}

/** Checks that an awareness update decodes the way `applyAwarenessUpdate` will read it. */
function checkAwareness(update: Uint8Array): void {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  for (let i = 0; i < n; i++) {
    decoding.readVarUint(d); // clientID
    decoding.readVarUint(d); // clock
    JSON.parse(decoding.readVarString(d));
  }
}

function read(d: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(d);
  if (type === MESSAGE_SYNC) {
    const step = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (step === SYNC_STEP1) {
      Y.decodeStateVector(payload);
      return { type: 'syncStep1', stateVector: payload };
    }
    if (step === SYNC_STEP2 || step === SYNC_UPDATE) {
      // Decoding the whole update (structs and delete set) up front means Y.applyUpdate cannot
      // fail half-way through a transaction on truncated or garbage bytes.
      Y.decodeUpdate(payload);
      return { type: step === SYNC_STEP2 ? 'syncStep2' : 'update', update: payload };
    }
    throw new BadMessage(`unknown sync step ${step}`);
  }
  if (type === MESSAGE_AWARENESS) {
    const update = decoding.readVarUint8Array(d);
    checkAwareness(update);
    return { type: 'awareness', update };
  }
  if (type === MESSAGE_QUERY_AWARENESS) return { type: 'queryAwareness' };
  throw new BadMessage(`unknown message type ${type}`);
}

/**
 * Parses one client message. `data` must own its whole ArrayBuffer (ws `binaryType =
 * 'arraybuffer'`): lib0 bounds reads by the buffer, so a pooled Buffer slice could be over-read.
 */
export function parseMessage(data: Uint8Array): ClientMessage {
  try {
    const d = decoding.createDecoder(data);
    const message = read(d);
    if (decoding.hasContent(d)) throw new BadMessage('trailing bytes');
    return message;
  } catch (err) {
    throw err instanceof BadMessage ? err : new BadMessage((err as Error).message || String(err));
  }
}

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

export const encode = {
  syncStep1: (doc: Y.Doc) =>
    message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, SYNC_STEP1);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    }),
  syncStep2: (doc: Y.Doc, stateVector: Uint8Array) =>
    message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, SYNC_STEP2);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
    }),
  update: (update: Uint8Array) =>
    message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, SYNC_UPDATE);
      encoding.writeVarUint8Array(e, update);
    }),
  awareness: (update: Uint8Array) =>
    message((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, update);
    }),
};
