import { errorCode, errorText, trpc } from '../../api/trpc';
import type { FileRef } from '../../../shared/sync/shapes';
import { addPending, markFailed, markRetrying, newClientId, pendingMessages } from './pendingStore';

/** Sends (or re-sends) a reply; the same client id makes a retry safe: the server stores one message. */
async function deliver(spaceId: string, clientId: string) {
  const m = pendingMessages[clientId];
  if (!m) return undefined;
  try {
    return await trpc.conversations.send.mutate({ spaceId, contactId: m.contactId, body: m.body, clientId, fileIds: m.files.map((f) => f.id) });
  } catch (err) {
    markFailed(clientId, errorCode(err) ? errorText(err) : 'Not sent: Kaon could not be reached. Retry when you are back online.');
    return undefined;
  }
}

export function sendReply(spaceId: string, contactId: string, body: string, files: FileRef[]) {
  const clientId = newClientId();
  addPending({ clientId, contactId, body, files, at: Date.now(), status: 'pending', error: null });
  return deliver(spaceId, clientId);
}

export function retryReply(spaceId: string, clientId: string) {
  markRetrying(clientId);
  return deliver(spaceId, clientId);
}
