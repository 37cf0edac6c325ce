import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { reportDocPending, reportDocState, reportDocSyncedAt, reportReconnected } from './connectionStatus';

export interface OpenDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when the local IndexedDB copy is loaded (or after a short wait if IndexedDB fails). */
  whenLocal: Promise<void>;
  /** Why the server refused the doc (4401/4403), if it did. */
  refusal: () => string | null;
}

interface Entry extends OpenDoc {
  refs: number;
  /** Created after the next paint (see nextPaint). */
  idb: IndexeddbPersistence | null;
  closeReason: string | null;
  destroyed: boolean;
  /** Local edits the server has not acknowledged yet (made while the socket was down). */
  unsynced: boolean;
  /** When the local copy last matched the server (ms), or null if never on this device. */
  syncedAt: number | null;
}

const open = new Map<string, Entry>();

/** Resolves once the next frame has been painted (or after 100 ms in a hidden tab, which paints none). */
function nextPaint(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame !== 'function') return resolve();
    setTimeout(resolve, 100);
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
  const doc = new Y.Doc();
  // Loading a big local copy is one long task (the 5,000-conversation queue: hundreds of ms): it
  // waits for the next paint, so what the screen already knows (the queue's first screen) shows first.
  const whenLocal = nextPaint().then(() => {
    if (entry.destroyed) return;
    entry.idb = new IndexeddbPersistence(`kaon:${name}`, doc);
    // y-indexeddb has no error event: never wait on it forever.
    return Promise.race([entry.idb.whenSynced.then(() => undefined), new Promise<void>((r) => setTimeout(r, 1500))]);
  });
  // The socket opens once the local copy is in the doc. Opened at once, it would send the server
  // an empty state vector (and get the whole doc back, megabytes for a big queue) and then send
  // everything IndexedDB loads up to the server and to the other tabs as if it were new edits.
  const provider = new WebsocketProvider(syncUrl(), name, doc, { disableBc: false, connect: false });
  const entry: Entry = { doc, provider, idb: null, destroyed: false, whenLocal, refs: 1, closeReason: null, unsynced: false, syncedAt: readSyncedAt(name), refusal: () => entry.closeReason };
  reportDocSyncedAt(name, entry.syncedAt);
  void whenLocal.then(() => {
    if (open.get(name) === entry && !provider.shouldConnect) provider.connect();
  });
  // A released doc's provider still emits 'disconnected' while it is destroyed: only the doc
  // that is open under this name may report, or a closed doc would read as "offline" forever.
  const report = (state: Parameters<typeof reportDocState>[1]) => open.get(name) === entry && reportDocState(name, state);
  provider.on('status', ({ status }: { status: string }) => {
    report(status === 'connected' ? (provider.synced ? 'synced' : 'syncing') : 'offline');
    if (status === 'connected' && open.get(name) === entry) reportReconnected();
  });
  provider.on('sync', (synced: boolean) => {
    report(synced ? 'synced' : 'syncing');
    // Synced now, or just lost (y-websocket unsets `synced` as the socket closes): current until this moment.
    if (open.get(name) === entry) recordSyncedAt(name, entry);
    // The server's state has arrived, and our missing edits went out in answer to its own
    // step 1 (sent first) — but only those loaded from IndexedDB by then.
    if (synced) void whenLocal.then(() => markUnsynced(name, entry, false));
  });
  // A local edit made while the socket is down waits: the rail counts it as pending until the next sync.
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === provider && provider.synced && Date.now() - (entry.syncedAt ?? 0) > SYNCED_AT_EVERY_MS && open.get(name) === entry) recordSyncedAt(name, entry);
    if (origin !== provider && origin !== entry.idb && !(provider.wsconnected && provider.synced)) markUnsynced(name, entry, true);
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event && event.code >= 4400 && event.code < 4500) {
      entry.closeReason = event.reason || 'Access refused';
      report('refused');
      // Refused for good: nothing of it can sync any more.
      markUnsynced(name, entry, false);
      if (entry.refs === 0) destroy(name, entry);
    }
  });
  open.set(name, entry);
  return entry;
}

export function releaseDoc(name: string): void {
  const entry = open.get(name);
  if (!entry || --entry.refs > 0) return;
  // Edits written offline must still reach the server (and the teammates) even if the agent has
  // moved on: the doc stays connected until it has synced, then closes.
  if (entry.unsynced) return void lingerUntilSynced(name, entry);
  destroy(name, entry);
}

function lingerUntilSynced(name: string, entry: Entry): void {
  const done = () => {
    if (entry.unsynced || entry.refs > 0 || open.get(name) !== entry) return;
    entry.provider.off('sync', done);
    // Let the socket flush what it just sent before it closes.
    setTimeout(() => entry.refs === 0 && open.get(name) === entry && destroy(name, entry), 500);
  };
  entry.provider.on('sync', () => void entry.whenLocal.then(done));
}

function destroy(name: string, entry: Entry): void {
  if (open.get(name) !== entry) return;
  if (entry.provider.wsconnected && entry.provider.synced) recordSyncedAt(name, entry);
  open.delete(name);
  reportDocState(name, null);
  reportDocPending(name, false);
  reportDocSyncedAt(name, null);
  entry.provider.destroy();
  entry.destroyed = true;
  void entry.idb?.destroy();
  entry.doc.destroy();
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
  return [...open.values()].map((e) => e.provider);
}

/** After a CONFLICT the local copy is behind: make sure the doc is connected so the latest state arrives. */
export function resyncDoc(name: string): void {
  const entry = open.get(name);
  if (entry && !entry.provider.wsconnected) entry.provider.connect();
}

/**
 * Signing out: this member's local copies of docs (contacts, conversations, drafts, inbox) are
 * deleted from this browser, so the next person to sign in here cannot read them. IndexedDB
 * finishes each deletion once the docs still open have closed.
 */
export async function forgetLocalDocs(): Promise<void> {
  try {
    localStorage.removeItem(UNSYNCED_KEY);
    for (const key of Object.keys(localStorage)) if (key.startsWith(SYNCED_AT_PREFIX)) localStorage.removeItem(key);
  } catch {
    // Storage unavailable: nothing was remembered there either.
  }
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const all = await indexedDB.databases().catch(() => []);
  for (const { name } of all) if (name?.startsWith('kaon:s.')) indexedDB.deleteDatabase(name);
}
