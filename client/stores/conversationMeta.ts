import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { docNames } from '../../shared/sync/docNames';
import { CONV, type ConversationMeta } from '../../shared/sync/shapes';
import { acquireDoc, releaseDoc } from '../sync/docs';

/**
 * The state of one conversation, open or closed, live from its doc (shared with the thread:
 * acquireDoc is ref-counted). The queue only holds open conversations; this covers the rest.
 */
export function createConversationMeta(spaceId: string, conversationId: Accessor<string | undefined>): Accessor<ConversationMeta | undefined> {
  const [meta, setMeta] = createSignal<ConversationMeta | undefined>();
  createEffect(() => {
    const id = conversationId();
    setMeta(undefined);
    if (!id) return;
    const name = docNames.conv(spaceId, id);
    const map = acquireDoc(name).doc.getMap<ConversationMeta>(CONV.meta);
    const update = () => setMeta(map.get(CONV.state));
    update();
    map.observe(update);
    onCleanup(() => {
      map.unobserve(update);
      releaseDoc(name);
    });
  });
  return meta;
}
