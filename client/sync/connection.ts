import { createSignal } from 'solid-js';

export type ConnectionStatus = 'online' | 'offline' | 'syncing';
type DocState = 'synced' | 'syncing' | 'offline' | 'refused';

/**
 * The connection state the UI shows: the browser's online flag, the live tRPC channel and every
 * open Yjs doc. Any doc still catching up says "syncing"; a lost channel says "offline".
 */
const [browserOnline, setBrowserOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
const [channelState, setChannelState] = createSignal<'idle' | 'connecting' | 'pending' | 'error'>('idle');
const [docStates, setDocStates] = createSignal<Record<string, DocState>>({});
const [pending, setPending] = createSignal(0);

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

export const pendingCount = pending;
export const setPendingCount = setPending;
export const reportChannelState = setChannelState;
