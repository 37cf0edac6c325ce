import { createEffect, createResource, createSignal, on, onCleanup, untrack, type Accessor } from 'solid-js';
import { createStore, unwrap, type Store } from 'solid-js/store';
import { asksForNote } from '../../shared/domain/closingNote';
import { docNames } from '../../shared/sync/docNames';
import { compareThreadItems, type ThreadPosition } from '../../shared/domain/threadOrder';
import { CONV, type ConversationMeta, type FileRef, type OlderItems, type QueueItem, type ThreadItem } from '../../shared/sync/shapes';
import { errorCode, trpc } from '../api/trpc';
import { bindOpenDocMap } from '../sync/bindDocMap';
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

const position = (item: ThreadItem): ThreadPosition => ({ id: item.id, at: item.at, kind: item.kind });

/** The error words of a page of older messages that did not load. */
const OLDER_FAILED = 'Could not load earlier messages. Check your connection and try again.';

/**
 * One conversation's authority doc, bound read-only: its state and its thread in the thread's one
 * order (shared/domain/threadOrder.ts). The order follows the binding's changed keys (a new
 * message is placed by binary search), so a message arriving in a 10,000-message thread costs the
 * same as in a short one. A long thread's doc holds its newest items only (the server rebases it):
 * `loadOlder` pages the earlier ones in from SQLite, and items a rebase drops from the doc while
 * the pane is open stay on screen.
 */
function createConversationDoc(spaceId: string, conversationId: string) {
  const name = docNames.conv(spaceId, conversationId);
  const opened = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  const metaMap = bindOpenDocMap<unknown>(opened, CONV.meta).store as Store<{ state?: ConversationMeta; older?: OlderItems }>;
  const order = new SortedIds<ThreadPosition>(compareThreadItems);
  // Items older than the doc holds: paged in, or dropped from the doc by a rebase while open.
  const [older, setOlder] = createStore<Record<string, ThreadItem>>({});
  // The client ids of replies the server has stored: their pending copies go.
  const clientIds = new Set<string>();
  const [version, bump] = createSignal(undefined, { equals: false });
  // Each item as plain data, another object whenever it changed: a thread row reads its item
  // without a signal per field, and is rebuilt when `ids()` (which every change moves) gives it a
  // new object. Opening a thread builds its rows at once, and those signals were most of the cost.
  const plain = new Map<string, ThreadItem>();
  const follow = (changes: ReadonlyMap<string, ThreadItem | undefined>) => {
    for (const [id, item] of changes) {
      if (item) plain.set(id, item);
      else plain.delete(id);
    }
    order.apply([...changes].map(([id, item]) => [id, item ? position(item) : older[id] && position(older[id])] as const));
    for (const item of changes.values()) if (item?.kind === 'message' && item.clientId) clientIds.add(item.clientId);
    bump();
  };
  // Registered before the items' binding, so it runs before the binding moves to the new doc.
  onCleanup(
    opened.onReplaced((doc) => {
      const next = doc.getMap<ThreadItem>(CONV.items);
      const dropped: Record<string, ThreadItem> = {};
      for (const [id, item] of Object.entries(untrack(() => ({ ...items })))) if (item && !next.has(id)) dropped[id] = unwrap(item);
      setOlder(dropped);
    }),
  );
  const items = bindOpenDocMap<ThreadItem>(opened, CONV.items, { onApplied: follow }).store;
  follow(new Map(Object.entries(unwrap(items))));
  createEffect(() => {
    version();
    for (const id of Object.keys(pendingMessages)) if (clientIds.has(id)) settle(id);
  });

  // Paging: from the oldest item on screen back, until the server says there is nothing older.
  const [exhausted, setExhausted] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [olderError, setOlderError] = createSignal<string | null>(null);
  const hasOlder = () => Boolean(metaMap[CONV.older]) && !exhausted();
  async function loadOlder(): Promise<void> {
    if (loading() || !hasOlder()) return;
    const first = order.ids[0];
    const cursor = first ? (items[first] ?? older[first]) : undefined;
    const before = cursor ? position(cursor) : metaMap[CONV.older]!.before;
    setLoading(true);
    setOlderError(null);
    try {
      const page = await trpc.conversations.threadPage.query({ spaceId, conversationId, before, limit: 50 });
      const fresh = page.items.filter((i) => !items[i.id]);
      setOlder(Object.fromEntries(fresh.map((i) => [i.id, i])));
      order.apply(fresh.map((i) => [i.id, position(i)] as const));
      if (!page.more) setExhausted(true);
      bump();
    } catch {
      setOlderError(OLDER_FAILED);
    } finally {
      setLoading(false);
    }
  }
  return {
    meta: () => metaMap[CONV.state],
    ids: () => (version(), order.ids),
    /** An item as plain data (read it under `ids()`, which tells when to read it again). */
    item: (id: string): ThreadItem | undefined => plain.get(id) ?? unwrap(older)[id],
    refusal: opened.refusal,
    older: { has: hasOlder, load: loadOlder, loading, error: olderError },
  };
}

export type ClosingNote = { category: string | null; summary: string | null };

/**
 * Everything the open conversation pane shows and does: the live conversation, the contact's
 * earlier conversations, the draft, snippets with what fills them, the space's members and closing
 * policy, WhatsApp's window, who else is replying; and the actions (assign, unassign, close, send,
 * retry), whose failures are in `mutation.error()` (closing's in `closing.error()`).
 */
export function createConversationStore(conversationId: string, unread: Accessor<number>, queued: Accessor<QueueItem | undefined> = () => undefined) {
  const space = useSpace();
  const session = useSession();
  const spaceId = space.spaceId();
  const conv = createConversationDoc(spaceId, conversationId);
  // Until its doc has arrived, an open conversation is what its queue row says: the pane (header,
  // actions, composer) is built while the thread is still on its way, not after it.
  const meta = (): ConversationMeta | undefined => conv.meta() ?? fromQueue(queued());
  const contactId = () => meta()?.contactId;
  const fieldValues = createContactFieldValues(spaceId, contactId);
  const draft = createDraft(contactId);
  const members = createMembersResource();
  const [snippets] = createSnippetsResource();
  const [policy] = createResource(
    () => ({ spaceId, v: space.version('space.changed') }),
    () => cachedQuery(`${session.me()?.user.id}:${spaceId}:closing`, () => trpc.settings.closing.query({ spaceId })),
  );
  // Once the conversation's own doc is here (from this device or the server): asked at the click,
  // the server answered it before the doc, and asked it again when the doc's version came.
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
      const m = meta();
      return m && { spaceId, contactId: m.contactId, channelKind: m.channelKind };
    },
    () => conv.ids().length,
  );

  // Opening a conversation (or new messages arriving while it is open) clears its unread count:
  // once its doc is here, so that the server answers the doc first (a write it would do before).
  createEffect(on([unread, () => conv.meta() !== undefined], ([n, loaded]) => {
    if (n > 0 && loaded) void trpc.conversations.markRead.mutate({ spaceId, conversationId }).catch(() => undefined);
  }));

  // A CONFLICT means the local copy is behind: make sure the latest state arrives.
  const onError = (err: unknown) => errorCode(err) === 'CONFLICT' && resyncDoc(docNames.conv(spaceId, conversationId));
  const mutation = createMutation({ onError });
  const closing = createMutation({ onError });
  const version = () => meta()?.version ?? 0;

  return {
    spaceId,
    meta,
    /** The conversation's own doc has arrived (its thread with it); before that the pane shows its queue row. */
    loaded: () => conv.meta() !== undefined,
    /** The thread's item ids in the thread's order; `item(id)` reads each record. */
    threadIds: conv.ids,
    item: conv.item,
    /** Earlier messages than the conversation's doc holds: whether there are any, and paging them in. */
    older: conv.older,
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
    earlier: () => (history() ?? []).filter((h) => h.id !== conversationId && h.status === 'closed' && h.openedAt < (meta()?.openedAt ?? Infinity)),
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
    /** Out of the queue until `until` (ms), or with null until the customer writes. */
    snooze: (until: number | null) => mutation.run(() => trpc.conversations.snooze.mutate({ spaceId, conversationId, version: version(), until })),
    unsnooze: () => mutation.run(() => trpc.conversations.unsnooze.mutate({ spaceId, conversationId, version: version() })),
    close: (note: ClosingNote) => closing.run(() => trpc.conversations.close.mutate({ spaceId, conversationId, version: version(), ...note })),
    /** Sends through the outbox; resolves with the conversation it went to when the server answered at once. */
    async send(body: string, files: FileRef[], cc?: string[]): Promise<string | undefined> {
      const m = meta();
      if (!m) return undefined;
      mutation.fail(null);
      return (await sendReply(spaceId, m.contactId, body, files, cc))?.conversationId;
    },
    retryReply: (clientId: string) => retryReply(spaceId, clientId),
    retrySent: (messageId: string) => mutation.run(() => trpc.providerChannels.retrySend.mutate({ spaceId, messageId })),
  };
}

/** An open conversation's state as its queue row has it (the queue holds open, unsnoozed ones only). */
function fromQueue(item: QueueItem | undefined): ConversationMeta | undefined {
  if (!item) return undefined;
  const { id, contactId, contactName, channelKind, channelName, assigneeId, assigneeName, version, openedAt } = item;
  return { id, contactId, contactName, channelKind, channelName, assigneeId, assigneeName, version, openedAt, status: 'open', closedAt: null, closedByName: null, closingCategory: null, closingSummary: null };
}
