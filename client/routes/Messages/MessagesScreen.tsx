import { useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import { useSession } from '../../stores/session';
import { useSpace } from '../../stores/space';
import { ContactPanel } from './ContactPanel';
import { ConversationView } from './ConversationView';
import { QueueList } from './QueueList';
import { createQueue, type Tab } from '../../stores/queueStore';
import { createConversationMeta } from '../../stores/conversationMeta';

/** The Messages module: queue, conversation, contact panel. Keyboard: j/k, r, a, Shift+C. */
export function MessagesScreen() {
  const space = useSpace();
  const session = useSession();
  const params = useParams<{ conversationId?: string }>();
  const navigate = useNavigate();
  // ?comment=<id>: opened from a mention notification, the contact panel shows that comment.
  const [search] = useSearchParams<{ comment?: string }>();
  const queue = createQueue(space.spaceId(), () => session.me()?.user.id);
  const [tab, setTab] = createSignal<Tab>('All');
  // A closed conversation is not in the queue: its contact panel (and comments) come from its own doc.
  const selectedMeta = createConversationMeta(space.spaceId(), () => params.conversationId);
  const keys: { reply?: HTMLTextAreaElement; assign?: HTMLButtonElement; closeButton?: HTMLButtonElement } = {};

  const open = (id: string) => navigate(`/s/${space.spaceId()}/messages/${id}`);

  // The tab title tells how many messages wait for this agent, even from another tab.
  createEffect(() => {
    const n = queue.unreadForMe();
    document.title = n > 0 ? `(${n}) Kaon` : 'Kaon';
  });
  onCleanup(() => (document.title = 'Kaon'));

  const handleKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, dialog, [contenteditable]') || event.metaKey || event.ctrlKey || event.altKey) return;
    if (tab() === 'Closed' && (event.key === 'j' || event.key === 'k')) return;
    if (event.key === 'j' || event.key === 'k') {
      const list = queue.ids(tab() as Exclude<Tab, 'Closed'>);
      const i = params.conversationId ? list.indexOf(params.conversationId) : -1;
      const next = list[Math.min(list.length - 1, Math.max(0, i + (event.key === 'j' ? 1 : -1)))];
      if (next) open(next);
    } else if (event.key === 'r') keys.reply?.focus();
    else if (event.key === 'a') keys.assign?.click();
    else if (event.key === 'C' && event.shiftKey) keys.closeButton?.click();
    else return;
    event.preventDefault();
  };
  document.addEventListener('keydown', handleKey);
  onCleanup(() => document.removeEventListener('keydown', handleKey));

  return (
    <main class="messages" aria-labelledby="module-title">
      <h1 id="module-title" class="sr-only">
        Messages
      </h1>
      <QueueList queue={queue} tab={tab()} onTab={setTab} selectedId={params.conversationId} />
      <Show
        when={params.conversationId}
        keyed
        fallback={
          <section class="conversation empty-pane">
            <p class="muted">Select a conversation. Keyboard: j / k to move, r to reply, a to assign, Shift+C to close.</p>
          </section>
        }
      >
        {(id) => <ConversationView conversationId={id} unread={queue.items[id]?.unread ?? 0} onOpened={open} keys={keys} />}
      </Show>
      <ContactPanel item={params.conversationId ? (queue.items[params.conversationId] ?? selectedMeta()) : undefined} highlightCommentId={search.comment} />
    </main>
  );
}
