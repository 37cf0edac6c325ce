import { useNavigate } from '@solidjs/router';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import type { NotificationItem } from '../../../shared/sync/inbox';
import { createInbox } from '../../stores/inboxStore';
import { relativeTime } from '../../components/format';

const canNotify = () => typeof Notification !== 'undefined';

function describe(item: NotificationItem): string {
  if (item.kind === 'sla') return `SLA breached on ${item.contactName}`;
  return item.kind === 'mention' ? `${item.actorName} mentioned you on ${item.contactName}` : `${item.actorName} assigned you ${item.contactName}`;
}

/**
 * The bell in the rail: the unread count in its name, a popover of notifications (Esc closes
 * and focus returns to the bell); opening one marks it read and goes to the comment or
 * conversation. A desktop notification appears when the tab is hidden, if allowed.
 */
export function NotificationBell(props: { spaceId: string; userId: string }) {
  const navigate = useNavigate();
  const [open, setOpen] = createSignal(false);
  const [permission, setPermission] = createSignal(canNotify() ? Notification.permission : 'denied');
  let button: HTMLButtonElement | undefined;
  let panel: HTMLDivElement | undefined;

  const inbox = createInbox(props.spaceId, props.userId, (item) => {
    if (!canNotify() || Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return;
    try {
      const n = new Notification(describe(item), { body: item.preview, tag: item.id });
      n.onclick = () => {
        window.focus();
        openItem(item);
        n.close();
      };
    } catch {
      // Some browsers only show notifications from a service worker; the bell still counts it.
    }
  });

  const close = () => {
    setOpen(false);
    button?.focus();
  };
  const openItem = (item: NotificationItem) => {
    if (!item.read) void inbox.markRead([item.id]);
    setOpen(false);
    navigate(inbox.pathOf(item));
    // The popover's buttons are gone: focus goes back to the bell, not to the page's start.
    button?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open()) {
      e.preventDefault();
      close();
    }
  };
  const onPointer = (e: PointerEvent) => {
    if (open() && !panel?.contains(e.target as Node) && !button?.contains(e.target as Node)) setOpen(false);
  };
  document.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onPointer);
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('pointerdown', onPointer);
  });

  const label = () => (inbox.unread() > 0 ? `Notifications, ${inbox.unread()} unread` : 'Notifications');
  const askPermission = async () => setPermission(await Notification.requestPermission());

  return (
    <div class="bell">
      <button
        ref={button}
        type="button"
        class="bell-button"
        aria-label={label()}
        aria-haspopup="dialog"
        aria-expanded={open()}
        onClick={() => {
          setOpen(!open());
          if (open()) queueMicrotask(() => panel?.querySelector<HTMLElement>('button')?.focus());
        }}
      >
        <svg class="bell-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        Notifications
        <Show when={inbox.unread() > 0}>
          <span class="badge" aria-hidden="true">
            {inbox.unread()}
          </span>
        </Show>
      </button>
      <Show when={open()}>
        <div ref={panel} class="popover bell-popover" role="dialog" aria-label="Notifications">
          <div class="bell-head">
            <strong>Notifications</strong>
            <button type="button" onClick={() => void inbox.markAllRead()} disabled={inbox.unread() === 0}>
              Mark all read
            </button>
          </div>
          <Show when={inbox.error()}>
            <p class="error small" role="alert">
              {inbox.error()}
            </p>
          </Show>
          <ul class="bell-list" aria-label="Notifications">
            <For each={inbox.list()} fallback={<li class="muted">Nothing new. Mentions, assignments and SLA breaches show up here.</li>}>
              {(item) => (
                <li classList={{ unread: !item.read }}>
                  <button type="button" class="bell-item" onClick={() => openItem(item)}>
                    <span class="bell-title">
                      {describe(item)}
                      <Show when={!item.read}>
                        <span class="sr-only"> (unread)</span>
                      </Show>
                    </span>
                    <span class="bell-preview muted">{item.preview}</span>
                    <time class="muted small" dateTime={new Date(item.at).toISOString()}>
                      {relativeTime(item.at)}
                    </time>
                  </button>
                </li>
              )}
            </For>
          </ul>
          <Show when={canNotify() && permission() === 'default'}>
            <button type="button" onClick={() => void askPermission()}>
              Enable desktop notifications
            </button>
          </Show>
        </div>
      </Show>
    </div>
  );
}
