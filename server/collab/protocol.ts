/**
 * The y-websocket wire format (as in @y/websocket-server 0.1.1 and y-protocols 1.0.7), parsed
 * strictly: a message is decoded completely before anything acts on it, so a malformed one is
 * refused as a whole and can never be half-applied.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { PRESENCE_MAX_BYTES } from '../../shared/schemas/presenceSchema';

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
  /** `entries` is null for an update over the size limit: it is not even decoded. */
  | { type: 'awareness'; entries: AwarenessEntry[] | null }
  | { type: 'queryAwareness' };

/** One client's state in an awareness update (y-protocols/awareness wire format). */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: unknown;
}

export class BadMessage extends Error {
  override name = 'BadMessage';
}

/** Decodes an awareness update the way `applyAwarenessUpdate` reads it. */
function readAwareness(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientID = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    entries.push({ clientID, clock, state: JSON.parse(decoding.readVarString(d)) });
  }
  if (decoding.hasContent(d)) throw new BadMessage('trailing bytes in an awareness update');
  return entries;
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
    // The limit counts before the costly part (JSON parsing).
    return { type: 'awareness', entries: update.length > PRESENCE_MAX_BYTES ? null : readAwareness(update) };
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
  /** Awareness states as they go on the wire (after the server has judged them). */
  awarenessUpdate: (entries: AwarenessEntry[]) =>
    message((e) => {
      encoding.writeVarUint(e, entries.length);
      for (const { clientID, clock, state } of entries) {
        encoding.writeVarUint(e, clientID);
        encoding.writeVarUint(e, clock);
        encoding.writeVarString(e, JSON.stringify(state));
      }
    }),
  awareness: (update: Uint8Array) =>
    message((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, update);
    }),
};
