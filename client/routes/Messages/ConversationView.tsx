import { createEffect, createResource, createSignal, For, on, Show, untrack } from 'solid-js';
import type { FileRef } from '../../../shared/sync/shapes';
import { asksForNote } from '../../../shared/domain/closingNote';
import { errorCode, errorText, trpc } from '../../api/trpc';
import { docNames } from '../../../shared/sync/docNames';
import { resyncDoc } from '../../sync/docs';
import { FormError } from '../../components/Field';
import { createMembersResource } from '../../stores/membersStore';
import { createSnippetsResource } from '../../stores/snippetsStore';
import { createDraft } from '../../stores/draftStore';
import { cachedQuery } from '../../stores/offlineCache';
import { useSession } from '../../stores/session';
import { useSpace } from '../../stores/space';
import { AssignMenu } from './AssignMenu';
import { CloseDialog } from './CloseDialog';
import { Composer } from './Composer';
import { createConversation } from '../../stores/conversationStore';
import { createContactFieldValues } from '../../stores/contactFieldValues';
import { othersReplying, reportReplying } from '../../stores/presenceStore';
import { retryReply, sendReply } from './send';
import { Thread } from './Thread';
import { createMessagingWindow, TemplatePicker } from './TemplatePicker';

/** The middle pane: header with Assign and Close, earlier conversations, the thread, the composer. */
export function ConversationView(props: { conversationId: string; unread: number; onOpened: (id: string) => void; keys: { reply?: HTMLTextAreaElement; assign?: HTMLButtonElement; closeButton?: HTMLButtonElement } }) {
  const space = useSpace();
  const session = useSession();
  const conv = createConversation(space.spaceId(), props.conversationId);
  const fieldValues = createContactFieldValues(space.spaceId(), () => conv.meta()?.contactId);
  const draft = createDraft(() => conv.meta()?.contactId);
  const members = createMembersResource();
  const [snippets] = createSnippetsResource();
  const [closing] = createResource(() => ({ spaceId: space.spaceId(), v: space.version('space.changed') }), ({ spaceId }) => cachedQuery(`${session.me()?.user.id}:${spaceId}:closing`, () => trpc.settings.closing.query({ spaceId })));
  const [history] = createResource(
    () => {
      const m = conv.meta();
      return m ? { spaceId: space.spaceId(), contactId: m.contactId, v: m.status + m.version } : false;
    },
    ({ spaceId, contactId }) => cachedQuery(`${session.me()?.user.id}:${spaceId}:history:${contactId}`, () => trpc.conversations.history.query({ spaceId, contactId })),
  );
  // How many messages were unseen when the agent opened it: they keep their "New messages" marker.
  const unseen = untrack(() => props.unread);
  const [error, setError] = createSignal<string | null>(null);
  // WhatsApp's 24-hour window: outside it the composer is replaced by the template picker.
  const win = createMessagingWindow(() => { const m = conv.meta(); return m && { spaceId: space.spaceId(), contactId: m.contactId, channelKind: m.channelKind }; }, () => conv.thread().length);
  const templatesOnly = () => {
    const w = win();
    return w && !w.freeFormAllowed && w.channelId ? w : undefined;
  };
  const [closeOpen, setCloseOpen] = createSignal(false);
  const [closeError, setCloseError] = createSignal<string | null>(null);

  // Opening a conversation (or new messages arriving while it is open) clears its unread count.
  createEffect(on(() => props.unread, (unread) => {
    if (unread > 0) void trpc.conversations.markRead.mutate({ spaceId: space.spaceId(), conversationId: props.conversationId }).catch(() => undefined);
  }));

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorText(err));
      if (errorCode(err) === 'CONFLICT') resyncDoc(docNames.conv(space.spaceId(), props.conversationId));
      return false;
    }
  };
  const version = () => conv.meta()?.version ?? 0;
  const assignTo = (userId: string) => act(() => trpc.conversations.assign.mutate({ spaceId: space.spaceId(), conversationId: props.conversationId, version: version(), assigneeId: userId }));
  const unassign = () => act(() => trpc.conversations.unassign.mutate({ spaceId: space.spaceId(), conversationId: props.conversationId, version: version() }));
  const closeWith = async (note: { category: string | null; summary: string | null }) => {
    setCloseError(null);
    try {
      await trpc.conversations.close.mutate({ spaceId: space.spaceId(), conversationId: props.conversationId, version: version(), ...note });
      setCloseOpen(false);
    } catch (err) {
      setCloseError(errorText(err));
    }
  };
  const handleClose = () => {
    if (closing() && !asksForNote(closing()!.policy)) void act(() => closeWith({ category: null, summary: null }));
    else {
      setCloseError(null);
      setCloseOpen(true);
    }
  };
  const handleSend = async (body: string, files: FileRef[]) => {
    const m = conv.meta();
    if (!m) return;
    setError(null);
    const result = await sendReply(space.spaceId(), m.contactId, body, files);
    if (result && result.conversationId !== props.conversationId) props.onOpened(result.conversationId);
  };

  // Two agents must not answer the same customer at once: say who else is writing to them.
  const replyingNames = (contactId: string) => {
    const names = othersReplying(contactId).map((p) => p.name);
    return `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'}`;
  };
  const earlier = () => (history() ?? []).filter((h) => h.id !== props.conversationId && h.status === 'closed' && h.openedAt < (conv.meta()?.openedAt ?? Infinity));

  return (
    <section class="conversation" aria-label="Conversation">
      <Show when={conv.meta()} fallback={<p class="muted pad">{conv.refusal() ?? 'Loading conversation…'}</p>}>
        {(m) => (
          <>
            <header class="conv-header">
              <div>
                <h2>{m().contactName}</h2>
                <p class="muted">
                  {m().channelName} ·{' '}
                  <span aria-label="Status">
                    {m().status === 'closed' ? 'Closed' : m().assigneeName ? `Assigned to ${m().assigneeName}` : 'Unassigned'}
                  </span>
                </p>
              </div>
              <Show when={m().status === 'open'}>
                <div class="conv-actions">
                  <AssignMenu
                    members={members() ?? []}
                    meId={session.me()?.user.id ?? ''}
                    assigneeId={m().assigneeId}
                    onAssign={(id) => void assignTo(id)}
                    onUnassign={() => void unassign()}
                    ref={(el) => (props.keys.assign = el)}
                  />
                  <button type="button" ref={(el) => (props.keys.closeButton = el)} onClick={handleClose}>
                    Close conversation
                  </button>
                </div>
              </Show>
            </header>
            <FormError message={error()} />
            <div class="thread-scroll">
              <Show when={earlier().length > 0}>
                <details class="earlier">
                  <summary>{earlier().length} earlier conversation{earlier().length > 1 ? 's' : ''}</summary>
                  <ul>
                    <For each={earlier()}>
                      {(h) => (
                        <li>
                          {new Date(h.openedAt).toLocaleDateString()} — closed by {h.closedByName ?? 'someone'}
                          <Show when={h.closingCategory || h.closingSummary}>: {[h.closingCategory, h.closingSummary].filter(Boolean).join(' — ')}</Show>{' '}
                          <a href={`/s/${space.spaceId()}/messages/${h.id}`}>Open</a>
                        </li>
                      )}
                    </For>
                  </ul>
                </details>
              </Show>
              <Thread items={conv.thread()} unseen={unseen} contactId={m().contactId} onRetry={(id) => void retryReply(space.spaceId(), id)} onRetrySent={(id) => void act(() => trpc.providerChannels.retrySend.mutate({ spaceId: space.spaceId(), messageId: id }))} />
              <Show when={m().status === 'closed'}>
                <p class="closed-note" role="note">
                  Closed by {m().closedByName ?? 'someone'}
                  <Show when={m().closingCategory || m().closingSummary}> — {[m().closingCategory, m().closingSummary].filter(Boolean).join(': ')}</Show>
                  . Replying opens a new conversation assigned to you.
                </p>
              </Show>
            </div>
            <Show when={othersReplying(m().contactId).length > 0}>
              <p class="collision-warning" role="status">
                {replyingNames(m().contactId)} writing a reply to {m().contactName} right now.
              </p>
            </Show>
            <Show when={!templatesOnly()} fallback={<TemplatePicker spaceId={space.spaceId()} contactId={m().contactId} channelId={templatesOnly()?.channelId ?? ''} reason={templatesOnly()?.reason ?? null} blocked={templatesOnly()?.sendBlockedReason ?? null} onSent={(id) => id !== props.conversationId && props.onOpened(id)} />}>
            <Composer
              onSend={(body, files) => void handleSend(body, files)}
              uploadUrl={`/files?spaceId=${space.spaceId()}`}
              snippets={snippets() ?? []}
              initialText={draft.text()}
              onTextChange={(text) => {
                draft.save(text);
                reportReplying(m().contactId, text.trim() !== '');
              }}
              snippetContext={{ contact: { name: m().contactName, fields: fieldValues() }, agent: { name: session.me()?.user.name ?? '' }, space: { name: space.membership()?.name ?? '' } }}
              ref={(el) => (props.keys.reply = el)} />
            </Show>
            <CloseDialog
              open={closeOpen()}
              policy={closing()?.policy ?? 'optional'}
              categories={closing()?.categories ?? []}
              error={closeError()}
              onClose={(note) => void closeWith(note)}
              onCancel={() => setCloseOpen(false)}
            />
          </>
        )}
      </Show>
    </section>
  );
}
