import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { reportDocPending, reportDocState, reportReconnected } from './connection';

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
  idb: IndexeddbPersistence;
  closeReason: string | null;
}

const open = new Map<string, Entry>();

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
  const idb = new IndexeddbPersistence(`kaon:${name}`, doc);
  // y-indexeddb has no error event (stack notes §2): never wait on it forever.
  const whenLocal = Promise.race([idb.whenSynced.then(() => undefined), new Promise<void>((r) => setTimeout(r, 1500))]);
  const provider = new WebsocketProvider(syncUrl(), name, doc, { disableBc: false });
  const entry: Entry = { doc, provider, idb, whenLocal, refs: 1, closeReason: null, refusal: () => entry.closeReason };
  // A released doc's provider still emits 'disconnected' while it is destroyed: only the doc
  // that is open under this name may report, or a closed doc would read as "offline" forever.
  const report = (state: Parameters<typeof reportDocState>[1]) => open.get(name) === entry && reportDocState(name, state);
  provider.on('status', ({ status }: { status: string }) => {
    report(status === 'connected' ? (provider.synced ? 'synced' : 'syncing') : 'offline');
    if (status === 'connected' && open.get(name) === entry) reportReconnected();
  });
  provider.on('sync', (synced: boolean) => {
    report(synced ? 'synced' : 'syncing');
    if (synced && open.get(name) === entry) reportDocPending(name, false);
  });
  // A local edit made while the socket is down waits: the rail counts it as pending until the next sync.
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider && origin !== idb && !(provider.wsconnected && provider.synced) && open.get(name) === entry) reportDocPending(name, true);
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event && event.code >= 4400 && event.code < 4500) {
      entry.closeReason = event.reason || 'Access refused';
      report('refused');
    }
  });
  open.set(name, entry);
  return entry;
}

export function releaseDoc(name: string): void {
  const entry = open.get(name);
  if (!entry || --entry.refs > 0) return;
  open.delete(name);
  reportDocState(name, null);
  reportDocPending(name, false);
  entry.provider.destroy();
  void entry.idb.destroy();
  entry.doc.destroy();
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
