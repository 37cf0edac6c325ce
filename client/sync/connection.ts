import { createSignal } from 'solid-js';

export type ConnectionStatus = 'online' | 'offline' | 'syncing';

/**
 * The connection state the UI shows. The browser's online flag plus what live channels report:
 * a live channel that is (re)connecting says "syncing", one that fails says "offline".
 */
const [browserOnline, setBrowserOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
const [channelState, setChannelState] = createSignal<'idle' | 'connecting' | 'pending' | 'error'>('idle');
const [pending, setPending] = createSignal(0);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setBrowserOnline(true));
  window.addEventListener('offline', () => setBrowserOnline(false));
}

export function connectionStatus(): ConnectionStatus {
  if (!browserOnline() || channelState() === 'error') return 'offline';
  if (channelState() === 'connecting') return 'syncing';
  return 'online';
}

export const pendingCount = pending;
export const setPendingCount = setPending;
export const reportChannelState = setChannelState;
