import { createStore, produce } from 'solid-js/store';
import type { FileRef } from '../../../shared/sync/shapes';

export interface PendingMessage {
  clientId: string;
  contactId: string;
  body: string;
  files: FileRef[];
  at: number;
  status: 'pending' | 'failed';
  error: string | null;
}

/**
 * Messages this tab has sent and the server has not yet shown back: displayed at once as
 * pending, marked failed with the reason (and retried with the same client id, so never twice).
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

export function settle(clientId: string): void {
  setPending(clientId, undefined!);
}

export function newClientId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
