import { createStore, produce, reconcile } from 'solid-js/store';
import type { OutboxMessage } from '../sync/outboxQueue';

/** A reply as the thread shows it while it waits: the outbox's record without its owner keys. */
export type PendingMessage = Omit<OutboxMessage, 'userId' | 'spaceId'>;

/**
 * Replies the server has not yet shown back (this tab's, and the outbox's from before a reload):
 * displayed at once as pending, marked failed with the reason (retried with the same client id,
 * so never twice). The outbox (sync/outboxQueue.ts, run by stores/outboxStore.ts) keeps them in IndexedDB; this is their view.
 */
const [pending, setPending] = createStore<Record<string, PendingMessage>>({});

export const pendingMessages = pending;

export function addPending(message: PendingMessage): void {
  setPending(message.clientId, message);
}

export function markFailed(clientId: string, error: string): void {
  setPending(produce((all) => {
    const m = all[clientId];
    if (m) {
      m.status = 'failed';
      m.error = error;
    }
  }));
}

export function markRetrying(clientId: string): void {
  setPending(produce((all) => {
    const m = all[clientId];
    if (m) {
      m.status = 'pending';
      m.error = null;
    }
  }));
}

const settledListeners = new Set<(clientId: string) => void>();

/** The server's copy (same client id) is in the thread: the local one goes. */
export function settle(clientId: string): void {
  setPending(clientId, undefined!);
  settledListeners.forEach((fn) => fn(clientId));
}

export function onSettled(fn: (clientId: string) => void): () => void {
  settledListeners.add(fn);
  return () => settledListeners.delete(fn);
}

/** Signing out: the next person on this browser must not see this member's waiting replies. */
export function clearPending(): void {
  setPending(reconcile({}));
}

export function newClientId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
