import type { Accessor } from 'solid-js';
import { docNames } from '../../shared/sync/docNames';
import { CONV, type ConversationMeta } from '../../shared/sync/shapes';
import { bindDocMap } from '../sync/bindDocMap';

/**
 * The state of one conversation, open or closed, live from its doc (shared with the thread). The
 * queue only holds open conversations; this covers the rest.
 */
export function createConversationMeta(spaceId: string, conversationId: Accessor<string | undefined>): Accessor<ConversationMeta | undefined> {
  const meta = bindDocMap<ConversationMeta>(() => {
    const id = conversationId();
    return id ? docNames.conv(spaceId, id) : undefined;
  }, CONV.meta);
  return () => meta()?.[CONV.state];
}
