import { createMemo, createSignal, For, Show } from 'solid-js';
import type { FileRef, QueueItem } from '../../../shared/sync/shapes';
import { FormError } from '../../components/Field';
import { clockTime, dayKey, plural } from '../../components/format';
import { createConversationFreshness } from '../../stores/conversationFreshness';
import { createConversationStore, type ClosingNote } from '../../stores/conversationStore';
import { createReplyCc } from '../../stores/replyCcStore';
import { AssignMenu } from './AssignMenu';
import { SnoozeMenu } from './SnoozeMenu';
import { snoozeReturnText } from '../../components/snoozeText';
import { CloseDialog } from './CloseDialog';
import { Composer } from './Composer';
import { OlderMessages, Thread } from './Thread';
import { TemplatePicker } from './TemplatePicker';
import { PaneBack } from '../../components/PaneBack';

/** The middle pane: header with Assign and Close, earlier conversations, the thread, the composer. */
export function ConversationView(props: {
  conversationId: string;
  unread: number;
  /** Its queue row, if it is open: the pane shows it while the conversation's doc arrives. */
  queued?: QueueItem | undefined;
  /** Status and assignee as the header and the contact panel both show them (the freshest local copy). */
  state: { status: 'open' | 'closed'; assigneeId: string | null; assigneeName: string | null } | undefined;
  /** This closed conversation's contact wrote again: the conversation that opened. */
  newerId: string | undefined;
  onOpened: (id: string) => void;
  /** Asked before closing: the conversation to show once this one is closed. */
  nextAfterClose: () => string | undefined;
  onClosed: (next: string | undefined) => void;
  /** Narrow screens: back to the queue, or on to the contact panel. */
  onBack: () => void;
  onShowContact: () => void;
  keys: { reply?: HTMLTextAreaElement; assign?: HTMLButtonElement; snooze?: HTMLButtonElement; closeButton?: HTMLButtonElement };
}) {
  const conv = createConversationStore(props.conversationId, () => props.unread, () => props.queued);
  const [closeOpen, setCloseOpen] = createSignal(false);
  const stale = createConversationFreshness(conv.spaceId, props.conversationId);
  const staleText = (at: number | null) =>
    at === null ? 'Offline — not yet updated on this device' : `Offline — last updated ${dayKey(at) === dayKey(Date.now()) ? '' : `${new Date(at).toLocaleDateString()} `}${clockTime(at)}`;
  let scroller: HTMLDivElement | undefined;

  const closeWith = async (note: ClosingNote) => {
    const next = props.nextAfterClose();
    if (!(await conv.close(note))) return;
    setCloseOpen(false);
    props.onClosed(next);
  };
  const handleClose = () => {
    if (!conv.closeAsksForNote()) {
      conv.mutation.fail(null);
      void closeWith({ category: null, summary: null });
    } else {
      conv.closing.fail(null);
      setCloseOpen(true);
    }
  };
  // The newest mail in the thread: the Cc line starts over from the reply to all when it changes.
  const latestMailId = createMemo(() => {
    if (conv.meta()?.channelKind !== 'email') return false;
    const ids = conv.threadIds();
    for (let i = ids.length - 1; i >= 0; i--) {
      const item = conv.item(ids[i]!);
      if (item?.kind === 'message' && item.email) return item.id;
    }
    return null;
  });
  const cc = createReplyCc(conv.spaceId, props.conversationId, latestMailId);
  const handleSend = async (body: string, files: FileRef[]) => {
    const id = await conv.send(body, files, latestMailId() !== false ? cc.toSend() : undefined);
    if (id && id !== props.conversationId) props.onOpened(id);
  };

  // Two agents must not answer the same customer at once: say who else is writing to them.
  const replyingNames = () => {
    const names = conv.othersReplying().map((p) => p.name);
    return `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'}`;
  };
  const earlier = conv.earlier;
  const state = () => props.state ?? conv.meta()!;
  const templatesOnly = conv.templatesOnly;

  return (
    <section class="conversation" aria-label="Conversation">
      <Show when={!conv.refusal() && conv.meta()} fallback={<p class="muted pad">{conv.refusal() ?? 'Loading conversation…'}</p>}>
        {(m) => (
          <>
            <header class="conv-header">
              <PaneBack label="Back to conversations" onClick={() => props.onBack()} />
              <div class="conv-title">
                <h2 tabindex="-1">{m().contactName}</h2>
                <p class="muted">
                  {m().channelName} ·{' '}
                  <span aria-label="Status">
                    {state().status === 'closed' ? 'Closed' : state().assigneeName ? `Assigned to ${state().assigneeName}` : 'Unassigned'}
                  </span>
                  <Show when={state().status === 'open' && m().snoozed}>
                    {' '}· <span class="snoozed-note">Snoozed — {snoozeReturnText(m().snoozedUntil).replace(/^Back/, 'back')}</span>
                  </Show>
                </p>
              </div>
              <button type="button" class="pane-forward" aria-label="Contact details" onClick={() => props.onShowContact()}>
                Contact
              </button>
              <Show when={state().status === 'open'}>
                <div class="conv-actions">
                  <AssignMenu
                    members={conv.members()}
                    meId={conv.meId()}
                    assigneeId={state().assigneeId}
                    onAssign={(id) => void conv.assignTo(id)}
                    onUnassign={() => void conv.unassign()}
                    ref={(el) => (props.keys.assign = el)}
                  />
                  <Show
                    when={m().snoozed}
                    fallback={<SnoozeMenu onSnooze={(until) => void conv.snooze(until)} ref={(el) => (props.keys.snooze = el)} />}
                  >
                    <button type="button" ref={(el) => (props.keys.snooze = el)} onClick={() => void conv.unsnooze()}>
                      Unsnooze
                    </button>
                  </Show>
                  <button type="button" ref={(el) => (props.keys.closeButton = el)} onClick={handleClose}>
                    Close conversation
                  </button>
                </div>
              </Show>
            </header>
            <Show when={stale()}>{(s) => <p class="stale-note" role="status">{staleText(s().syncedAt)}</p>}</Show>
            <FormError message={conv.mutation.error()} />
            <div class="thread-scroll" ref={scroller}>
              <Show when={earlier().length > 0}>
                <details class="earlier">
                  <summary>{plural(earlier().length, 'earlier conversation')}</summary>
                  <ul>
                    <For each={earlier()}>
                      {(h) => (
                        <li>
                          {new Date(h.openedAt).toLocaleDateString()} — closed by {h.closedByName ?? 'someone'}
                          <Show when={h.closingCategory || h.closingSummary}>: {[h.closingCategory, h.closingSummary].filter(Boolean).join(' — ')}</Show>{' '}
                          <a href={`/s/${conv.spaceId}/messages/${h.id}`}>Open</a>
                        </li>
                      )}
                    </For>
                  </ul>
                </details>
              </Show>
              <Show when={!conv.loaded()}>
                <p class="muted pad" role="status">
                  Loading messages…
                </p>
              </Show>
              <OlderMessages older={conv.older} scroller={() => scroller} />
              <Thread ids={conv.threadIds()} item={conv.item} scroller={() => scroller} unseen={conv.unseen} contactId={m().contactId} onRetry={(id) => void conv.retryReply(id)} onRetrySent={(id) => void conv.retrySent(id)} />
              {/* Who closed it and the closing note are in the thread's activity line: said once. */}
              <Show when={m().status === 'closed' && !props.newerId}>
                <p class="closed-note" role="note">
                  This conversation is closed. Replying opens a new conversation assigned to you.
                </p>
              </Show>
            </div>
            <Show when={m().status === 'closed' && props.newerId}>
              {(newer) => (
                <p class="wrote-again" role="status">
                  {m().contactName} wrote again.{' '}
                  <button type="button" class="primary" onClick={() => props.onOpened(newer())}>
                    Open the new conversation
                  </button>
                </p>
              )}
            </Show>
            <Show when={conv.othersReplying().length > 0}>
              <p class="collision-warning" role="status">
                {replyingNames()} writing a reply to {m().contactName} right now.
              </p>
            </Show>
            <Show when={!templatesOnly()} fallback={<TemplatePicker spaceId={conv.spaceId} contactId={m().contactId} contactName={m().contactName} channelId={templatesOnly()?.channelId ?? ''} reason={templatesOnly()?.reason ?? null} blocked={templatesOnly()?.sendBlockedReason ?? null} onSent={(id) => id !== props.conversationId && props.onOpened(id)} />}>
            <Composer
              onSend={(body, files) => void handleSend(body, files)}
              uploadUrl={`/files?spaceId=${conv.spaceId}`}
              snippets={conv.snippets()}
              initialText={conv.draft.text()}
              onTextChange={(text) => conv.typed(text)}
              snippetContext={conv.snippetContext(m())}
              mail={m().channelKind === 'email'}
              cc={cc}
              ref={(el) => (props.keys.reply = el)} />
            </Show>
            <CloseDialog
              open={closeOpen()}
              policy={conv.closingPolicy()}
              categories={conv.closingCategories()}
              error={conv.closing.error()}
              onClose={(note) => void closeWith(note)}
              onCancel={() => setCloseOpen(false)}
            />
          </>
        )}
      </Show>
    </section>
  );
}
