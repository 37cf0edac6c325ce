import { createEffect, createMemo, createResource, on, onCleanup, untrack, type Accessor } from 'solid-js';
import { asksForNote } from '../../shared/domain/closingNote';
import { docNames } from '../../shared/sync/docNames';
import { CONV, type ConversationMeta, type FileRef, type ThreadItem } from '../../shared/sync/shapes';
import { errorCode, trpc } from '../api/trpc';
import { bindYMap } from '../sync/bindYMap';
import { acquireDoc, releaseDoc, resyncDoc } from '../sync/docs';
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

/** One conversation's authority doc, bound read-only: its state and its thread in time order. */
function createConversationDoc(spaceId: string, conversationId: string) {
  const name = docNames.conv(spaceId, conversationId);
  const opened = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  const metaMap = bindYMap(opened.doc.getMap<ConversationMeta>(CONV.meta)).store;
  const items = bindYMap(opened.doc.getMap<ThreadItem>(CONV.items)).store;
  // At the same instant the activity line ("took this by replying") comes before the message that caused it.
  const thread = createMemo(() => Object.values(items).sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'activity' ? -1 : 1)));
  return { meta: () => metaMap[CONV.state], thread, refusal: opened.refusal };
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
    () => conv.thread().length,
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
    thread: conv.thread,
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
