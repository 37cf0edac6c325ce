import type { FileRef } from '../../shared/sync/shapes';
import { addPending, markFailed, markRetrying, newClientId, pendingMessages } from './pendingReplies';
import { currentOutbox, onReplySent, type SendResult } from './outboxStore';

/**
 * Sends a reply through the outbox: shown at once as pending, kept in IndexedDB until the server
 * has it, delivered when the connection returns. Resolves with the server's answer when it was
 * delivered right away (undefined while it waits or when the server refused it). `cc`: an e-mail
 * reply's Cc line as the agent left it (kept with the reply while it waits).
 */
export async function sendReply(spaceId: string, contactId: string, body: string, files: FileRef[], cc?: string[]): Promise<SendResult | undefined> {
  const clientId = newClientId();
  const at = Date.now();
  addPending({ clientId, contactId, body, files, cc, at, status: 'pending', error: null });
  const outbox = currentOutbox();
  if (!outbox) {
    markFailed(clientId, 'Not sent: Kaon is still starting. Retry in a moment.');
    return undefined;
  }
  let result: SendResult | undefined;
  const off = onReplySent((m, r) => {
    if (m.clientId === clientId) result = r;
  });
  try {
    await outbox.add({ clientId, spaceId, contactId, body, files, cc, at });
  } finally {
    off();
  }
  return result;
}

/** Tries a failed reply again with the same client id: the server stores it at most once. */
export async function retryReply(spaceId: string, clientId: string) {
  const outbox = currentOutbox();
  const local = pendingMessages[clientId];
  if (!outbox || !local) return;
  markRetrying(clientId);
  // Failed before it reached the outbox (e.g. while the app was starting): queue it now.
  if (!(await outbox.retry(clientId))) await outbox.add({ clientId, spaceId, contactId: local.contactId, body: local.body, files: local.files, cc: local.cc, at: local.at });
}
