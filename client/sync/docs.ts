import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE, epochOfRebasedReason } from '../../shared/sync/closeCodes';
import { isAuthority, parseDocName, parseRoom, roomName } from '../../shared/sync/docNames';
import { reportDocPending, reportDocState, reportDocSyncedAt, reportReconnected } from './connectionStatus';

export interface OpenDoc {
  /** The doc as it is now: a rebase on the server replaces it (see onReplaced). */
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves when the local IndexedDB copy is loaded (or after a short wait if IndexedDB fails). */
  whenLocal: Promise<void>;
  /** Why the server refused the doc (4401/4403), if it did. */
  refusal: () => string | null;
  /**
   * Calls `fn` with the new doc each time the server has rebased this authority doc under a new
   * epoch and the new copy has synced: bindings move to it (bindYMap's rebind). Returns the unsubscribe.
   */
  onReplaced(fn: (doc: Y.Doc) => void): () => void;
}

/** One room's copy: the Y.Doc, its socket and its IndexedDB copy. A doc has one, two while it moves to a new epoch. */
interface Copy {
  room: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Created after the next paint (see nextPaint). */
  idb: IndexeddbPersistence | null;
  whenLocal: Promise<void>;
  destroyed: boolean;
}

interface Entry extends OpenDoc {
  refs: number;
  copy: Copy;
  /** The new epoch's copy while it syncs; it replaces `copy` once synced. */
  next: Copy | null;
  replaced: Set<(doc: Y.Doc) => void>;
  closeReason: string | null;
  destroyed: boolean;
  /** Local edits the server has not acknowledged yet (made while the socket was down). */
  unsynced: boolean;
  /** When the local copy last matched the server (ms), or null if never on this device. */
  syncedAt: number | null;
}

const open = new Map<string, Entry>();

/**
 * Resolves once the next frame has been painted. A hidden tab paints none: it goes on after 100 ms.
 * A visible tab waits for that frame even when it comes late (a busy machine, a page still
 * starting): starting the long load before it would keep the saved first screen off the screen.
 * A frame that never comes (a renderer that stopped painting) is given up on after 2 s.
 */
function nextPaint(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame !== 'function') return resolve();
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    setTimeout(resolve, hidden ? 100 : 2000);
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

// Docs with edits not yet on the server, remembered across reloads, so they are reopened and
// synced even if nobody opens that contact again (see resumeUnsyncedDocs).
const UNSYNCED_KEY = 'kaon:unsynced-docs';
function rememberUnsynced(name: string, unsynced: boolean): void {
  try {
    const names = new Set<string>(JSON.parse(localStorage.getItem(UNSYNCED_KEY) ?? '[]') as string[]);
    if (unsynced) names.add(name);
    else names.delete(name);
    localStorage.setItem(UNSYNCED_KEY, JSON.stringify([...names]));
  } catch {
    // Storage unavailable or full: the edits are still in IndexedDB and sync when the doc is opened.
  }
}

// The epoch each rebased authority doc was last synced at, so a reload opens that local copy
// (offline too) and asks the server for that room; the server sends it on if it moved again.
const EPOCHS_KEY = 'kaon:doc-epochs';
function readEpochs(): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(EPOCHS_KEY) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}
const epochOf = (name: string) => readEpochs()[name] ?? hints.get(name) ?? 0;
/** Remembers the epoch a copy synced at (a hinted room is not remembered until then). */
function rememberSyncedEpoch(name: string, room: string): void {
  const epoch = parseRoom(room)?.epoch ?? 0;
  if ((readEpochs()[name] ?? 0) !== epoch) rememberEpoch(name, epoch);
  hints.delete(name);
}

/**
 * Epochs the server announced for docs this browser holds no copy of (a long thread's queue row
 * says where its rebased doc lives): its first connection goes straight to that room instead of
 * asking for epoch 0 and being sent on (CLOSE.rebased). A doc this browser has a copy of opens
 * that copy's room, so it still reads offline; the server sends it on if it moved.
 */
const hints = new Map<string, number>();
export function hintEpoch(name: string, epoch: number): void {
  if (epoch > 0 && !open.has(name) && readSyncedAt(name) === null) hints.set(name, epoch);
}
function rememberEpoch(name: string, epoch: number): void {
  try {
    const epochs = readEpochs();
    if (epoch > 0) epochs[name] = epoch;
    else delete epochs[name];
    localStorage.setItem(EPOCHS_KEY, JSON.stringify(epochs));
  } catch {
    // Storage unavailable: the next load asks for epoch 0 and is sent on by the server.
  }
}

function markUnsynced(name: string, entry: Entry, unsynced: boolean): void {
  if (entry.unsynced === unsynced) return;
  entry.unsynced = unsynced;
  rememberUnsynced(name, unsynced);
  if (open.get(name) === entry) reportDocPending(name, unsynced);
}

// When each doc's local copy last matched the server, across reloads: offline, a screen can say
// how old what it shows may be ("last updated 10:27").
const SYNCED_AT_PREFIX = 'kaon:synced-at:';
/** While a doc stays synced, its time is refreshed at most this often (live updates keep it current). */
const SYNCED_AT_EVERY_MS = 30_000;

function readSyncedAt(name: string): number | null {
  try {
    const at = Number(localStorage.getItem(SYNCED_AT_PREFIX + name));
    return Number.isFinite(at) && at > 0 ? at : null;
  } catch {
    return null;
  }
}

function recordSyncedAt(name: string, entry: Entry, at = Date.now()): void {
  entry.syncedAt = at;
  if (open.get(name) === entry) reportDocSyncedAt(name, at);
  try {
    localStorage.setItem(SYNCED_AT_PREFIX + name, String(at));
  } catch {
    // Storage unavailable or full: only this page knows the time.
  }
}

// Closing the tab while synced: the copy was current up to now.
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    for (const [name, entry] of open) if (entry.provider.wsconnected && entry.provider.synced) recordSyncedAt(name, entry);
  });
}

function syncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
}

/**
 * Opens a Yjs doc: from IndexedDB first (so it reads offline), then synced over the y-websocket
 * protocol (the session cookie authenticates). Ref-counted: the last release closes it.
 */
export function acquireDoc(name: string): OpenDoc {
  const existing = open.get(name);
  if (existing) {
    existing.refs++;
    return existing;
  }
  const entry: Entry = {
    refs: 1,
    copy: null as unknown as Copy,
    next: null,
    replaced: new Set(),
    closeReason: null,
    destroyed: false,
    unsynced: false,
    syncedAt: readSyncedAt(name),
    get doc() {
      return entry.copy.doc;
    },
    get provider() {
      return entry.copy.provider;
    },
    get whenLocal() {
      return entry.copy.whenLocal;
    },
    refusal: () => entry.closeReason,
    onReplaced(fn) {
      entry.replaced.add(fn);
      return () => entry.replaced.delete(fn);
    },
  };
  // A hinted room has no local copy to wait for: it connects at once. Nor has a conversation this
  // browser never synced (opened here for the first time): waiting for the next paint and an empty
  // IndexedDB load before connecting only delays its messages (a local copy left without its
  // record merges in harmlessly: the server drops what clients send to it). The queue still waits
  // for its first paint: its thousands of rows decode in one long task that would hold the first screen.
  const unseen = readEpochs()[name] === undefined;
  const ref = parseDocName(name);
  const neverSynced = unseen && entry.syncedAt === null && ref?.kind === 'conv';
  entry.copy = openCopy(name, entry, roomName(name, epochOf(name)), (unseen && hints.has(name)) || neverSynced);
  open.set(name, entry);
  reportDocSyncedAt(name, entry.syncedAt);
  return entry;
}

function openCopy(name: string, entry: Entry, room: string, connectAtOnce = false): Copy {
  const doc = new Y.Doc();
  // Loading a big local copy is one long task (the 5,000-conversation queue: hundreds of ms): it
  // waits for the next paint, so what the screen already knows (the queue's first screen) shows first.
  const whenLocal = nextPaint().then(() => {
    if (copy.destroyed) return;
    copy.idb = new IndexeddbPersistence(`kaon:${room}`, doc);
    // y-indexeddb has no error event: never wait on it forever.
    return Promise.race([copy.idb.whenSynced.then(() => undefined), new Promise<void>((r) => setTimeout(r, 1500))]);
  });
  // The socket opens once the local copy is in the doc. Opened at once, it would send the server
  // an empty state vector (and get the whole doc back, megabytes for a big queue) and then send
  // everything IndexedDB loads up to the server and to the other tabs as if it were new edits.
  // Other tabs share a writable doc's offline edits over a BroadcastChannel. An authority doc has
  // none (only the server writes it), and connecting the channel encodes the whole doc for them
  // (tens of ms for the queue at thousands of rows, on every reload and every thread opened).
  const ref = parseDocName(name);
  const provider = new WebsocketProvider(syncUrl(), room, doc, { disableBc: ref !== null && isAuthority(ref), connect: false });
  const copy: Copy = { room, doc, provider, idb: null, whenLocal, destroyed: false };
  // A new epoch's room is a copy this browser has not held (the epoch was not remembered): it
  // connects at once, nothing local to wait for (and the server drops what a client sends to an
  // authority doc anyway).
  if (connectAtOnce) provider.connect();
  else
    void whenLocal.then(() => {
      if (!copy.destroyed && open.get(name) === entry && !provider.shouldConnect) provider.connect();
    });
  // Only the copy on screen reports; a released doc's provider still emits 'disconnected' while it
  // is destroyed, and a doc moving to a new epoch is "syncing", not offline, until the new copy is in.
  const shown = () => open.get(name) === entry && entry.copy === copy;
  const report = (state: Parameters<typeof reportDocState>[1]) => shown() && reportDocState(name, entry.next && state === 'offline' ? 'syncing' : state);
  provider.on('status', ({ status }: { status: string }) => {
    report(status === 'connected' ? (provider.synced ? 'synced' : 'syncing') : 'offline');
    if (status === 'connected' && shown()) reportReconnected();
  });
  provider.on('sync', (synced: boolean) => {
    if (entry.next === copy && synced) return void whenLocal.then(() => replace(name, entry, copy));
    report(synced ? 'synced' : 'syncing');
    // Synced now, or just lost (y-websocket unsets `synced` as the socket closes): current until this moment.
    if (shown()) recordSyncedAt(name, entry);
    // Synced at this epoch: a reload (offline too) opens this copy.
    if (synced && shown()) rememberSyncedEpoch(name, copy.room);
    // The server's state has arrived, and our missing edits went out in answer to its own
    // step 1 (sent first) — but only those loaded from IndexedDB by then.
    if (synced && shown()) void whenLocal.then(() => markUnsynced(name, entry, false));
  });
  // A local edit made while the socket is down waits: the rail counts it as pending until the next sync.
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (shown() && origin === provider && provider.synced && Date.now() - (entry.syncedAt ?? 0) > SYNCED_AT_EVERY_MS) recordSyncedAt(name, entry);
    if (shown() && origin !== provider && origin !== copy.idb && !(provider.wsconnected && provider.synced)) markUnsynced(name, entry, true);
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (!event || copy.destroyed) return;
    // The server rebased the doc: open the new epoch's room beside this copy, which stays on screen until the new one has synced.
    const epoch = event.code === CLOSE.rebased.code ? epochOfRebasedReason(event.reason) : null;
    if (epoch !== null) return moveTo(name, entry, copy, epoch);
    if (event.code >= 4400 && event.code < 4500 && shown()) {
      entry.closeReason = event.reason || 'Access refused';
      report('refused');
      // Refused for good: nothing of it can sync any more.
      markUnsynced(name, entry, false);
      if (entry.refs === 0) destroy(name, entry);
    }
  });
  return copy;
}

function moveTo(name: string, entry: Entry, from: Copy, epoch: number): void {
  if (entry.destroyed || open.get(name) !== entry) return;
  const room = roomName(name, epoch);
  if (from === entry.next) {
    // Rebased again while the new copy was syncing: that copy is already out of date.
    entry.next = null;
    closeCopy(from, true);
  } else if (from !== entry.copy || entry.next) return;
  if (room === entry.copy.room) return; // sent back where it is: nothing to move (never loops)
  entry.next = openCopy(name, entry, room, true);
}

function replace(name: string, entry: Entry, next: Copy): void {
  if (entry.next !== next || entry.destroyed) return;
  const old = entry.copy;
  entry.copy = next;
  entry.next = null;
  rememberEpoch(name, parseRoom(next.room)?.epoch ?? 0);
  for (const fn of [...entry.replaced]) fn(next.doc);
  reportDocState(name, 'synced');
  recordSyncedAt(name, entry);
  // The old epoch's copy and its local copy go: the new one is on disk and on screen.
  closeCopy(old, true);
}

function closeCopy(copy: Copy, forgetLocal: boolean): void {
  copy.destroyed = true;
  copy.provider.destroy();
  if (forgetLocal) {
    if (copy.idb) void copy.idb.clearData();
    else if (typeof indexedDB !== 'undefined') indexedDB.deleteDatabase(`kaon:${copy.room}`);
  } else void copy.idb?.destroy();
  copy.doc.destroy();
}

export function releaseDoc(name: string): void {
  const entry = open.get(name);
  if (!entry || --entry.refs > 0) return;
  // Edits written offline must still reach the server (and the teammates) even if the agent has
  // moved on: the doc stays connected until it has synced, then closes.
  if (entry.unsynced) return void lingerUntilSynced(name, entry);
  destroy(name, entry);
}

// Only writable docs have offline edits, and they have no epochs: their copy never changes.
function lingerUntilSynced(name: string, entry: Entry): void {
  const { provider, whenLocal } = entry.copy;
  const done = () => {
    if (entry.unsynced || entry.refs > 0 || open.get(name) !== entry) return;
    provider.off('sync', onSync);
    // Let the socket flush what it just sent before it closes.
    setTimeout(() => entry.refs === 0 && open.get(name) === entry && destroy(name, entry), 500);
  };
  const onSync = () => void whenLocal.then(done);
  provider.on('sync', onSync);
}

function destroy(name: string, entry: Entry): void {
  if (open.get(name) !== entry) return;
  if (entry.provider.wsconnected && entry.provider.synced) recordSyncedAt(name, entry);
  open.delete(name);
  reportDocState(name, null);
  reportDocPending(name, false);
  reportDocSyncedAt(name, null);
  entry.destroyed = true;
  closeCopy(entry.copy, false);
  // A new epoch's copy that had not synced yet: its local copy is incomplete, nothing to keep.
  if (entry.next) closeCopy(entry.next, true);
  entry.next = null;
}

/**
 * After a reload: docs edited offline before it (a comment on a contact nobody has open now) are
 * opened in the background until their edits have reached the server.
 */
export function resumeUnsyncedDocs(): void {
  let names: string[] = [];
  try {
    names = JSON.parse(localStorage.getItem(UNSYNCED_KEY) ?? '[]') as string[];
  } catch {
    return;
  }
  for (const name of names) {
    const entry = acquireDoc(name) as Entry;
    markUnsynced(name, entry, true);
    releaseDoc(name);
  }
}

/** Test and diagnostics hook: every open provider (e2e tests cut and restore connections with it). */
export function openProviders(): WebsocketProvider[] {
  return [...open.values()].flatMap((e) => (e.next ? [e.copy.provider, e.next.provider] : [e.copy.provider]));
}

/** After a CONFLICT the local copy is behind: make sure the doc is connected so the latest state arrives. */
export function resyncDoc(name: string): void {
  const entry = open.get(name);
  if (entry && !entry.copy.provider.wsconnected && !entry.next) entry.copy.provider.connect();
}

/**
 * Signing out: this member's local copies of docs (contacts, conversations, drafts, inbox) are
 * deleted from this browser, so the next person to sign in here cannot read them. IndexedDB
 * finishes each deletion once the docs still open have closed.
 */
export async function forgetLocalDocs(): Promise<void> {
  try {
    localStorage.removeItem(UNSYNCED_KEY);
    localStorage.removeItem(EPOCHS_KEY);
    for (const key of Object.keys(localStorage)) if (key.startsWith(SYNCED_AT_PREFIX)) localStorage.removeItem(key);
  } catch {
    // Storage unavailable: nothing was remembered there either.
  }
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const all = await indexedDB.databases().catch(() => []);
  for (const { name } of all) if (name?.startsWith('kaon:s.')) indexedDB.deleteDatabase(name);
}
