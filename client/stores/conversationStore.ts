import { createMemo, onCleanup } from 'solid-js';
import { docNames } from '../../shared/sync/docNames';
import { CONV, type ConversationMeta, type ThreadItem } from '../../shared/sync/shapes';
import { bindYMap } from '../sync/bindYMap';
import { acquireDoc, releaseDoc } from '../sync/docs';

/** One conversation's authority doc, bound read-only: its state and its thread in time order. */
export function createConversation(spaceId: string, conversationId: string) {
  const name = docNames.conv(spaceId, conversationId);
  const opened = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  const metaMap = bindYMap(opened.doc.getMap<ConversationMeta>(CONV.meta)).store;
  const items = bindYMap(opened.doc.getMap<ThreadItem>(CONV.items)).store;
  // At the same instant the activity line ("took this by replying") comes before the message that caused it.
  const thread = createMemo(() => Object.values(items).sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'activity' ? -1 : 1)));
  return { meta: () => metaMap[CONV.state], thread, refusal: opened.refusal };
}

export type ConversationStore = ReturnType<typeof createConversation>;
