import { useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, onCleanup, Show } from 'solid-js';
import { useSession } from '../../stores/session';
import { useSpace } from '../../stores/space';
import { ContactPanel } from './ContactPanel';
import { ConversationView } from './ConversationView';
import { QueueList, type QueueKeys } from './QueueList';
import { ShortcutSheet } from '../../components/ShortcutSheet';
import { createQueue, isLiveTab, type Tab } from '../../stores/queueStore';
import { createConversationMeta } from '../../stores/conversationMeta';

/** The Messages module: queue, conversation, contact panel. Keyboard: j/k, r, a, z, Shift+C, Esc, ? (see ShortcutSheet). */
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
  const keys: { reply?: HTMLTextAreaElement; assign?: HTMLButtonElement; snooze?: HTMLButtonElement; closeButton?: HTMLButtonElement } = {};

  let queueKeys: QueueKeys | undefined;
  const [sheetOpen, setSheetOpen] = createSignal(false);

  const open = (id: string) => navigate(`/s/${space.spaceId()}/messages/${id}`);

  // Below ~900 px one pane shows at a time (styles.css, "Mobile"): opening a conversation shows it,
  // the back buttons return to the queue or to the conversation.
  const [pane, setPane] = createSignal<'queue' | 'conversation' | 'contact'>(params.conversationId ? 'conversation' : 'queue');
  createEffect(on(() => params.conversationId, (id) => setPane(id ? 'conversation' : 'queue'), { defer: true }));
  const showPane = (next: 'queue' | 'conversation' | 'contact') => {
    setPane(next);
    // Focus follows the pane, so a keyboard or screen-reader user lands where the eye does.
    requestAnimationFrame(() => {
      const target = next === 'queue' ? selectedRow() : document.querySelector<HTMLElement>(next === 'contact' ? '.contact-panel h2' : '.conv-header h2');
      target?.focus();
    });
  };
  const selectedRow = () => document.querySelector<HTMLElement>('#queue-panel a[aria-current="true"]') ?? document.getElementById(`tab-${tab()}`);

  // Header and contact panel show one state: the fresher of the conversation's own doc and its
  // queue row (offline, one local copy may be older than the other).
  const shownState = createMemo(() => {
    const meta = selectedMeta();
    const row = params.conversationId ? queue.items[params.conversationId] : undefined;
    if (row && (!meta || row.version > meta.version)) return { status: 'open' as const, assigneeId: row.assigneeId, assigneeName: row.assigneeName };
    return meta && { status: meta.status, assigneeId: meta.assigneeId, assigneeName: meta.assigneeName };
  });
  const panelItem = () => {
    const item = params.conversationId ? (selectedMeta() ?? queue.items[params.conversationId]) : undefined;
    return item && { contactId: item.contactId, contactName: item.contactName, channelName: item.channelName, assigneeName: shownState()?.assigneeName ?? null };
  };

  // A closed conversation on screen whose contact wrote again: the new conversation it opened.
  const newerOpen = () => {
    const meta = selectedMeta();
    if (meta?.status !== 'closed') return undefined;
    const id = queue.openFor(meta.contactId);
    return id !== meta.id ? id : undefined;
  };

  // After Close, the next conversation of the tab opens and its row has focus (j/k go on from there).
  const nextAfter = (id: string) => {
    const current = tab();
    if (!isLiveTab(current)) return undefined;
    const list = queue.ids(current);
    const i = list.indexOf(id);
    return i < 0 ? list[0] : (list[i + 1] ?? (i > 0 ? list[i - 1] : undefined));
  };
  const handleClosed = (next: string | undefined) => {
    if (next) open(next);
    // The row is selected once the route has changed and the list re-rendered: wait a few frames for it.
    let frames = 10;
    const focusNext = () => {
      const row = next ? document.querySelector<HTMLElement>(`#queue-panel a[href$="/${next}"]`) : document.getElementById(`tab-${tab()}`);
      // On a narrow screen the queue is hidden: the next conversation's heading takes focus.
      const target = row?.offsetParent ? row : document.querySelector<HTMLElement>('.conv-header h2');
      if (target && (!next || row)) target.focus();
      else if (--frames > 0) requestAnimationFrame(focusNext);
    };
    requestAnimationFrame(focusNext);
  };

  // The tab title tells how many messages wait for this agent, even from another tab.
  createEffect(() => {
    const n = queue.unreadForMe();
    document.title = n > 0 ? `(${n}) Kaon` : 'Kaon';
  });
  onCleanup(() => (document.title = 'Kaon'));

  const handleKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
    // Esc in a message or comment box leaves it for the queue row (or the thread), so j/k work again.
    // Boxes inside a popover or dialog keep Esc for closing that.
    if (event.key === 'Escape' && target instanceof HTMLTextAreaElement && !target.closest('dialog, [role="dialog"], .popover')) {
      event.preventDefault();
      target.blur();
      if (!params.conversationId || !queueKeys?.focusRow(params.conversationId)) document.querySelector<HTMLElement>('.thread')?.focus();
      return;
    }
    if (target.closest('input, textarea, select, dialog, [contenteditable], [role="dialog"], [role="menu"]')) return;
    // On a queue row the arrows move like j/k (UI.md: "j/k or arrows").
    const onRow = target.closest('#queue-panel .conv-row') !== null;
    const step = event.key === 'j' || (onRow && event.key === 'ArrowDown') ? 1 : event.key === 'k' || (onRow && event.key === 'ArrowUp') ? -1 : 0;
    if (step !== 0) {
      const list = queueKeys?.ids() ?? [];
      // From the row that has focus (tabbed to, not opened yet), else from the open conversation.
      const from = target.closest<HTMLElement>('#queue-panel [data-conversation-id]')?.dataset.conversationId ?? params.conversationId;
      const i = from ? list.indexOf(from) : -1;
      const next = list[Math.min(list.length - 1, Math.max(0, i + step))];
      if (next) {
        if (next !== params.conversationId) open(next);
        queueKeys?.focusRow(next);
      }
    } else if (event.key === 'r') keys.reply?.focus();
    else if (event.key === 'a') keys.assign?.click();
    else if (event.key === 'z') keys.snooze?.click();
    else if (event.key === 'C' && event.shiftKey) keys.closeButton?.click();
    else if (event.key === '?') setSheetOpen(true);
    else return;
    // The key did its job; it must not also be typed into the box it focused.
    event.preventDefault();
  };
  document.addEventListener('keydown', handleKey);
  onCleanup(() => document.removeEventListener('keydown', handleKey));

  return (
    <main
      class={`messages pane-${pane()}`}
      aria-labelledby="module-title"
      // Opening the row already selected (after Back) changes no route: show its conversation all the same.
      onClick={(e) => (e.target as HTMLElement).closest('#queue-panel a') && setPane('conversation')}
    >
      <h1 id="module-title" class="sr-only">
        Messages
      </h1>
      <QueueList queue={queue} tab={tab()} onTab={setTab} selectedId={params.conversationId} keys={(k) => (queueKeys = k)} />
      <Show
        when={params.conversationId}
        keyed
        fallback={
          <section class="conversation empty-pane">
            <p class="muted">Select a conversation. Keyboard: j / k to move, r to reply, a to assign, z to snooze, Shift+C to close, ? for all shortcuts.</p>
          </section>
        }
      >
        {(id) => (
          <ConversationView
            conversationId={id}
            unread={queue.items[id]?.unread ?? 0}
            queued={queue.item(id)}
            state={shownState()}
            newerId={newerOpen()}
            onOpened={open}
            nextAfterClose={() => nextAfter(id)}
            onClosed={handleClosed}
            onBack={() => showPane('queue')}
            onShowContact={() => showPane('contact')}
            keys={keys}
          />
        )}
      </Show>
      <ShortcutSheet open={sheetOpen()} onClose={() => setSheetOpen(false)} />
      <ContactPanel item={panelItem()} highlightCommentId={search.comment} onBack={() => showPane('conversation')} />
    </main>
  );
}
