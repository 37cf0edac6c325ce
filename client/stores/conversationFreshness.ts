import { docNames } from '../../shared/sync/docNames';
import { connectionStatus, docState, docSyncedAt } from '../sync/connectionStatus';

/**
 * Whether the conversation on screen may be out of date: while its doc cannot reach the server,
 * when its local copy last matched it (null: never on this device). Undefined while it is live.
 */
export function createConversationFreshness(spaceId: string, conversationId: string): () => { syncedAt: number | null } | undefined {
  const name = docNames.conv(spaceId, conversationId);
  return () => {
    const state = docState(name);
    if (state !== 'offline' && !(state !== 'synced' && connectionStatus() === 'offline')) return undefined;
    return { syncedAt: docSyncedAt(name) };
  };
}
