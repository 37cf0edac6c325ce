import { createEffect, createResource, createSignal, on, onCleanup, untrack, type Accessor } from 'solid-js';
import { asksForNote } from '../../shared/domain/closingNote';
import { docNames } from '../../shared/sync/docNames';
import { CONV, type ConversationMeta, type FileRef, type ThreadItem } from '../../shared/sync/shapes';
import { errorCode, trpc } from '../api/trpc';
import { bindYMap } from '../sync/bindYMap';
import { acquireDoc, releaseDoc, resyncDoc } from '../sync/docs';
import { SortedIds } from '../sync/sortedIds';
import { pendingMessages, settle } from './pendingReplies';
import { createMessagingWindow } from './channelTemplatesStore';
import { createContactFieldValues } from './contactFieldValues';
import { createDraft } from './draftStore';
import { createMembersResource } from './membersStore';
import { createMutation } from './mutation';
import { cachedQuery } from './offlineCache';
import { othersReplying, reportReplying } from './presenceStore';
import { retryReply, sendReply } from './sendReply';
import { useSession } from './session';
import { createSnippetsResource } from './snippetsStore';
import { useSpace } from './space';

interface ItemKey {
  id: string;
  at: number;
  activity: boolean;
}

// Time order; at the same instant the activity line ("took this by replying") comes before the
// message that caused it; ties by id, so every item has one place.
const timeOrder = (a: ItemKey, b: ItemKey) => a.at - b.at || (a.activity === b.activity ? 0 : a.activity ? -1 : 1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One conversation's authority doc, bound read-only: its state and its thread in time order. The
 * order follows the binding's changed keys (a new message is placed by binary search), so a
 * message arriving in a 10,000-message thread costs the same as in a short one.
 */
function createConversationDoc(spaceId: string, conversationId: string) {
  const name = docNames.conv(spaceId, conversationId);
  const opened = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  const metaMap = bindYMap(opened.doc.getMap<ConversationMeta>(CONV.meta)).store;
  const order = new SortedIds<ItemKey>(timeOrder);
  // The client ids of replies the server has stored: their pending copies go.
  const clientIds = new Set<string>();
  const [version, bump] = createSignal(undefined, { equals: false });
  const follow = (changes: ReadonlyMap<string, ThreadItem | undefined>) => {
    order.apply([...changes].map(([id, item]) => [id, item && { id, at: item.at, activity: item.kind === 'activity' }] as const));
    for (const item of changes.values()) if (item?.kind === 'message' && item.clientId) clientIds.add(item.clientId);
    bump();
  };
  const items = bindYMap(opened.doc.getMap<ThreadItem>(CONV.items), { onApplied: follow }).store;
  follow(new Map(Object.entries(untrack(() => ({ ...items })))));
  createEffect(() => {
    version();
    for (const id of Object.keys(pendingMessages)) if (clientIds.has(id)) settle(id);
  });
  return { meta: () => metaMap[CONV.state], ids: () => (version(), order.ids), items, refusal: opened.refusal };
}

export type ClosingNote = { category: string | null; summary: string | null };

/**
 * Everything the open conversation pane shows and does: the live conversation, the contact's
 * earlier conversations, the draft, snippets with what fills them, the space's members and closing
 * policy, WhatsApp's window, who else is replying; and the actions (assign, unassign, close, send,
 * retry), whose failures are in `mutation.error()` (closing's in `closing.error()`).
 */
export function createConversationStore(conversationId: string, unread: Accessor<number>) {
  const space = useSpace();
  const session = useSession();
  const spaceId = space.spaceId();
  const conv = createConversationDoc(spaceId, conversationId);
  const contactId = () => conv.meta()?.contactId;
  const fieldValues = createContactFieldValues(spaceId, contactId);
  const draft = createDraft(contactId);
  const members = createMembersResource();
  const [snippets] = createSnippetsResource();
  const [policy] = createResource(
    () => ({ spaceId, v: space.version('space.changed') }),
    () => cachedQuery(`${session.me()?.user.id}:${spaceId}:closing`, () => trpc.settings.closing.query({ spaceId })),
  );
  const [history] = createResource(
    () => {
      const m = conv.meta();
      return m ? { contactId: m.contactId, v: m.status + m.version } : false;
    },
    ({ contactId }) => cachedQuery(`${session.me()?.user.id}:${spaceId}:history:${contactId}`, () => trpc.conversations.history.query({ spaceId, contactId })),
  );
  // WhatsApp's 24-hour window: outside it the composer is replaced by the template picker.
  const win = createMessagingWindow(
    () => {
      const m = conv.meta();
      return m && { spaceId, contactId: m.contactId, channelKind: m.channelKind };
    },
    () => conv.ids().length,
  );

  // Opening a conversation (or new messages arriving while it is open) clears its unread count.
  createEffect(on(unread, (n) => {
    if (n > 0) void trpc.conversations.markRead.mutate({ spaceId, conversationId }).catch(() => undefined);
  }));

  // A CONFLICT means the local copy is behind: make sure the latest state arrives.
  const onError = (err: unknown) => errorCode(err) === 'CONFLICT' && resyncDoc(docNames.conv(spaceId, conversationId));
  const mutation = createMutation({ onError });
  const closing = createMutation({ onError });
  const version = () => conv.meta()?.version ?? 0;

  return {
    spaceId,
    meta: conv.meta,
    /** The thread's item ids in time order; the records are in `items`. */
    threadIds: conv.ids,
    items: conv.items,
    refusal: conv.refusal,
    /** How many messages were unseen when the agent opened it: they keep their "New messages" marker. */
    unseen: untrack(unread),
    members: () => members() ?? [],
    meId: () => session.me()?.user.id ?? '',
    snippets: () => snippets() ?? [],
    draft,
    snippetContext: (m: ConversationMeta) => ({
      contact: { name: m.contactName, fields: fieldValues() },
      agent: { name: session.me()?.user.name ?? '' },
      space: { name: space.membership()?.name ?? '' },
    }),
    closingPolicy: () => policy()?.policy ?? 'optional',
    closingCategories: () => policy()?.categories ?? [],
    /** Closing needs the dialog unless the space's policy is known to ask for no note. */
    closeAsksForNote: () => !policy() || asksForNote(policy()!.policy),
    /** The contact's closed conversations from before this one. */
    earlier: () => (history() ?? []).filter((h) => h.id !== conversationId && h.status === 'closed' && h.openedAt < (conv.meta()?.openedAt ?? Infinity)),
    /** Outside WhatsApp's window (and the channel known): only templates can be sent. */
    templatesOnly: () => {
      const w = win();
      return w && !w.freeFormAllowed && w.channelId ? w : undefined;
    },
    /** Other members writing a reply to this customer right now. */
    othersReplying: () => {
      const id = contactId();
      return id ? othersReplying(id) : [];
    },
    /** The member typed in the composer: keep the draft and tell the others I am replying. */
    typed(text: string) {
      draft.save(text);
      const id = contactId();
      if (id) reportReplying(id, text.trim() !== '');
    },
    mutation,
    closing,
    assignTo: (userId: string) => mutation.run(() => trpc.conversations.assign.mutate({ spaceId, conversationId, version: version(), assigneeId: userId })),
    unassign: () => mutation.run(() => trpc.conversations.unassign.mutate({ spaceId, conversationId, version: version() })),
    close: (note: ClosingNote) => closing.run(() => trpc.conversations.close.mutate({ spaceId, conversationId, version: version(), ...note })),
    /** Sends through the outbox; resolves with the conversation it went to when the server answered at once. */
    async send(body: string, files: FileRef[]): Promise<string | undefined> {
      const m = conv.meta();
      if (!m) return undefined;
      mutation.fail(null);
      return (await sendReply(spaceId, m.contactId, body, files))?.conversationId;
    },
    retryReply: (clientId: string) => retryReply(spaceId, clientId),
    retrySent: (messageId: string) => mutation.run(() => trpc.providerChannels.retrySend.mutate({ spaceId, messageId })),
  };
}
