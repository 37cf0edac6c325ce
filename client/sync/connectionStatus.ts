import { createSignal, untrack } from 'solid-js';

export type ConnectionStatus = 'online' | 'offline' | 'syncing';
type DocState = 'synced' | 'syncing' | 'offline' | 'refused';

/**
 * The connection state the UI shows: the browser's online flag, the live tRPC channel and every
 * open Yjs doc. Any doc still catching up says "syncing"; a lost channel says "offline".
 */
const [browserOnline, setBrowserOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
const [channelState, setChannelState] = createSignal<'idle' | 'connecting' | 'pending' | 'error'>('idle');
const [docStates, setDocStates] = createSignal<Record<string, DocState>>({});
const [outboxPending, setOutboxPending] = createSignal(0);
// Docs with local changes made while their socket was down (cleared when the doc syncs again).
const [unsyncedDocs, setUnsyncedDocs] = createSignal<ReadonlySet<string>>(new Set());
const reconnectListeners = new Set<() => void>();

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setBrowserOnline(true));
  window.addEventListener('offline', () => setBrowserOnline(false));
}

export function connectionStatus(): ConnectionStatus {
  const docs = Object.values(docStates()).filter((s) => s !== 'refused');
  if (!browserOnline() || channelState() === 'error' || (docs.length > 0 && docs.every((s) => s === 'offline'))) return 'offline';
  if (channelState() === 'connecting' || docs.some((s) => s !== 'synced')) return 'syncing';
  return 'online';
}

export function reportDocState(name: string, state: DocState | null): void {
  setDocStates((all) => {
    const next = { ...all };
    if (state === null) delete next[name];
    else next[name] = state;
    return next;
  });
}

/** One open doc's state (undefined when it is not open). */
export function docState(name: string): DocState | undefined {
  return docStates()[name];
}

// When each open doc's local copy was last known to match the server (ms), kept across reloads by docs.ts.
const [syncedAts, setSyncedAts] = createSignal<Readonly<Record<string, number>>>({});

export function reportDocSyncedAt(name: string, at: number | null): void {
  // Docs are opened inside reactive scopes (bindDocMap): reading here must not subscribe them.
  if ((untrack(syncedAts)[name] ?? null) === at) return;
  setSyncedAts((all) => {
    const next = { ...all };
    if (at === null) delete next[name];
    else next[name] = at;
    return next;
  });
}

/** When the doc's local copy last matched the server, or null if never on this device. */
export function docSyncedAt(name: string): number | null {
  return syncedAts()[name] ?? null;
}

/** Items not yet on the server: outbox messages waiting, and docs with local changes not yet synced. */
export function pendingCount(): number {
  return outboxPending() + unsyncedDocs().size;
}

export const reportOutboxPending = setOutboxPending;

export function reportDocPending(name: string, unsynced: boolean): void {
  if (unsyncedDocs().has(name) === unsynced) return;
  setUnsyncedDocs((all) => {
    const next = new Set(all);
    if (unsynced) next.add(name);
    else next.delete(name);
    return next;
  });
}

/** Called when a sync socket (re)connects: the moment to flush what waited offline. */
export function onReconnect(fn: () => void): () => void {
  reconnectListeners.add(fn);
  return () => reconnectListeners.delete(fn);
}

export function reportReconnected(): void {
  reconnectListeners.forEach((fn) => fn());
}
export const reportChannelState = setChannelState;
