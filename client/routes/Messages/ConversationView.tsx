import { createSignal, For, Show } from 'solid-js';
import type { FileRef } from '../../../shared/sync/shapes';
import { FormError } from '../../components/Field';
import { plural } from '../../components/format';
import { createConversationStore, type ClosingNote } from '../../stores/conversationStore';
import { AssignMenu } from './AssignMenu';
import { CloseDialog } from './CloseDialog';
import { Composer } from './Composer';
import { Thread } from './Thread';
import { TemplatePicker } from './TemplatePicker';

/** The middle pane: header with Assign and Close, earlier conversations, the thread, the composer. */
export function ConversationView(props: { conversationId: string; unread: number; onOpened: (id: string) => void; keys: { reply?: HTMLTextAreaElement; assign?: HTMLButtonElement; closeButton?: HTMLButtonElement } }) {
  const conv = createConversationStore(props.conversationId, () => props.unread);
  const [closeOpen, setCloseOpen] = createSignal(false);
  let scroller: HTMLDivElement | undefined;

  const closeWith = async (note: ClosingNote) => {
    if (await conv.close(note)) setCloseOpen(false);
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
  const handleSend = async (body: string, files: FileRef[]) => {
    const id = await conv.send(body, files);
    if (id && id !== props.conversationId) props.onOpened(id);
  };

  // Two agents must not answer the same customer at once: say who else is writing to them.
  const replyingNames = () => {
    const names = conv.othersReplying().map((p) => p.name);
    return `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'}`;
  };
  const earlier = conv.earlier;
  const templatesOnly = conv.templatesOnly;

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
                    members={conv.members()}
                    meId={conv.meId()}
                    assigneeId={m().assigneeId}
                    onAssign={(id) => void conv.assignTo(id)}
                    onUnassign={() => void conv.unassign()}
                    ref={(el) => (props.keys.assign = el)}
                  />
                  <button type="button" ref={(el) => (props.keys.closeButton = el)} onClick={handleClose}>
                    Close conversation
                  </button>
                </div>
              </Show>
            </header>
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
              <Thread ids={conv.threadIds()} items={conv.items} scroller={() => scroller} unseen={conv.unseen} contactId={m().contactId} onRetry={(id) => void conv.retryReply(id)} onRetrySent={(id) => void conv.retrySent(id)} />
              <Show when={m().status === 'closed'}>
                <p class="closed-note" role="note">
                  Closed by {m().closedByName ?? 'someone'}
                  <Show when={m().closingCategory || m().closingSummary}> — {[m().closingCategory, m().closingSummary].filter(Boolean).join(': ')}</Show>
                  . Replying opens a new conversation assigned to you.
                </p>
              </Show>
            </div>
            <Show when={conv.othersReplying().length > 0}>
              <p class="collision-warning" role="status">
                {replyingNames()} writing a reply to {m().contactName} right now.
              </p>
            </Show>
            <Show when={!templatesOnly()} fallback={<TemplatePicker spaceId={conv.spaceId} contactId={m().contactId} channelId={templatesOnly()?.channelId ?? ''} reason={templatesOnly()?.reason ?? null} blocked={templatesOnly()?.sendBlockedReason ?? null} onSent={(id) => id !== props.conversationId && props.onOpened(id)} />}>
            <Composer
              onSend={(body, files) => void handleSend(body, files)}
              uploadUrl={`/files?spaceId=${conv.spaceId}`}
              snippets={conv.snippets()}
              initialText={conv.draft.text()}
              onTextChange={(text) => conv.typed(text)}
              snippetContext={conv.snippetContext(m())}
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
