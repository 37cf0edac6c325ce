import { A, useNavigate } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { SearchResults } from './SearchResults';
import { queueRowName } from '../../components/a11yNames';
import { ChannelIcon } from '../../components/ChannelIcon';
import { createFixedVirtualizer } from '../../components/fixedVirtualizer';
import { createRecycledRows } from '../../components/recycledRows';
import { initials, plural, relativeTime } from '../../components/format';
import { useSpace } from '../../stores/space';
import { createClosedList, createSnoozedList, isLiveTab, TABS, type QueueStore, type Tab } from '../../stores/queueStore';
import { snoozeReturnText } from '../../components/snoozeText';
import { SlaBadge, slaWords, type SlaFacts } from '../../components/SlaBadge';
import { minuteNow } from '../../stores/minuteClock';

interface Row {
  id: string;
  contactName: string;
  preview: string;
  at: number;
  unread: number;
  assigneeName: string | null;
  channelKind: string | null;
  note?: string | null;
  closed?: boolean;
  snoozed?: boolean;
  sla?: SlaFacts | undefined;
}

/** What the Messages screen's keyboard needs from the queue: the rows in order, and moving focus to one. */
export interface QueueKeys {
  /** The current tab's conversation ids, in the order shown. */
  ids: () => readonly string[];
  /** Scrolls the row into view and gives it DOM focus; false when the row is not in this tab. */
  focusRow: (id: string) => boolean;
}

/** The queue pane: tabs with live counts and a virtualized list (smooth at 10,000 rows). */
export function QueueList(props: { queue: QueueStore; tab: Tab; onTab: (tab: Tab) => void; selectedId: string | undefined; keys?: (keys: QueueKeys) => void }) {
  const space = useSpace();
  const closed = createClosedList(props.queue, () => props.tab === 'Closed');
  const snoozed = createSnoozedList(props.queue, () => props.tab === 'Snoozed');
  // Open tabs: the queue's sorted ids, each row reading its own record (a change re-renders that
  // row only). Closed: the fetched page of closed conversations.
  const closedRows = createMemo((): Row[] =>
    props.tab !== 'Closed'
      ? []
      : closed().map((c) => ({
          id: c.id,
          contactName: c.contactName,
          preview: c.preview,
          at: c.closedAt,
          unread: 0,
          assigneeName: null,
          channelKind: c.channelKind,
          note: [c.closingCategory, c.closingSummary].filter(Boolean).join(': ') || null,
          closed: true,
        })),
  );
  const snoozedRows = createMemo((): Row[] =>
    props.tab !== 'Snoozed'
      ? []
      : snoozed().map((c) => ({
          id: c.id,
          contactName: c.contactName,
          preview: c.preview,
          at: c.lastAt,
          unread: 0,
          assigneeName: c.assigneeName,
          channelKind: c.channelKind,
          note: snoozeReturnText(c.snoozedUntil),
          snoozed: true,
        })),
  );
  const listRows = () => (props.tab === 'Closed' ? closedRows() : snoozedRows());
  const count = () => {
    const tab = props.tab;
    return isLiveTab(tab) ? props.queue.ids(tab).length : listRows().length;
  };
  const rowAt = (index: number): Row | undefined => {
    const tab = props.tab;
    if (!isLiveTab(tab)) return listRows()[index];
    // The record is peeked (untracked): ids() moves with every change applied to the queue. Its
    // SLA object is copied: the store updates it in place, and sameRow compares with the last copy.
    const id = props.queue.ids(tab)[index];
    const c = id === undefined ? undefined : props.queue.peek(id);
    return c && { id: c.id, contactName: c.contactName, preview: c.preview, at: c.lastAt, unread: c.unread, assigneeName: c.assigneeName, channelKind: c.channelKind, sla: c.sla && { ...c.sla } };
  };

  // Rows are plain links the router follows (a router <A> per row costs its props, memos and
  // active-class checks every time a row scrolls into view); Ctrl/⌘/Shift-click still opens a new tab.
  const navigate = useNavigate();
  const followLink = (event: MouseEvent & { currentTarget: HTMLAnchorElement }) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(event.currentTarget.getAttribute('href')!);
  };

  let scroller: HTMLDivElement | undefined;
  const virtualizer = createFixedVirtualizer({ count, getScrollElement: () => scroller ?? null, size: 64, overscan: 8 });
  const rows = createRecycledRows(() => virtualizer.getVirtualItems());

  const ids = () => {
    const tab = props.tab;
    return isLiveTab(tab) ? props.queue.ids(tab) : listRows().map((r) => r.id);
  };
  // The list is virtual: a row far away has no element until the virtualizer renders it, a frame or two later.
  const focusRow = (id: string) => {
    const index = ids().indexOf(id);
    if (index < 0 || !scroller) return false;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    let frames = 0;
    const tryFocus = () => {
      const row = scroller?.querySelector<HTMLElement>(`[data-conversation-id="${CSS.escape(id)}"] a`);
      if (row) row.focus();
      else if (++frames < 10) requestAnimationFrame(tryFocus);
    };
    tryFocus();
    return true;
  };
  props.keys?.({ ids, focusRow });

  // A row that had focus keeps it when the list re-renders under it (the first screen giving way
  // to the live queue, a count change rebuilding the virtual rows): its new element takes focus
  // back if focus went nowhere meanwhile.
  let focusedId: string | null = null;
  const trackFocus = (event: FocusEvent) => {
    const li = (event.target as HTMLElement).closest<HTMLElement>('[data-conversation-id]');
    focusedId = li?.dataset.conversationId ?? null;
  };
  const leaveFocus = (event: FocusEvent) => {
    // Focus moved somewhere real (not lost with a removed element): forget the row.
    if (event.relatedTarget) focusedId = null;
  };
  const refocus = (el: HTMLElement, id: string) =>
    queueMicrotask(() => {
      if (id === focusedId && el.isConnected && (document.activeElement === document.body || document.activeElement === null)) el.focus();
    });

  const handleTabKey = (event: KeyboardEvent) => {
    const i = TABS.indexOf(props.tab);
    const next = event.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : event.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : null;
    if (!next) return;
    event.preventDefault();
    props.onTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  const [search, setSearch] = createSignal('');
  const [query, setQuery] = createSignal('');
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const handleSearch = (value: string) => {
    setSearch(value);
    clearTimeout(debounce);
    debounce = setTimeout(() => setQuery(value.trim()), 200);
  };

  return (
    <section class="queue" aria-label="Conversations">
      <div class="queue-search">
        <input
          type="search"
          aria-label="Search messages and contacts"
          placeholder="Search messages and contacts"
          value={search()}
          onInput={(e) => handleSearch(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Escape' && (handleSearch(''), setQuery(''))}
        />
      </div>
      <Show when={query()}>
        <SearchResults query={query()} />
      </Show>
      <div role="tablist" aria-label="Conversation views" class="tabs" hidden={Boolean(query())} onKeyDown={handleTabKey}>
        <For each={TABS}>
          {(tab) => (
            <button
              type="button"
              role="tab"
              id={`tab-${tab}`}
              aria-selected={props.tab === tab}
              aria-controls="queue-panel"
              tabIndex={props.tab === tab ? 0 : -1}
              onClick={() => props.onTab(tab)}
            >
              {tab} <span class="count" aria-label={plural(props.queue.counts()[tab], 'conversation')}>{props.queue.counts()[tab]}</span>
            </button>
          )}
        </For>
      </div>
      <Show when={isLiveTab(props.tab) && !query()}>
        <div class="queue-tools">
          <label>
            Sort by{' '}
            <select value={props.queue.sort()} onChange={(e) => props.queue.setSort(e.currentTarget.value === 'sla' ? 'sla' : 'newest')}>
              <option value="newest">Newest message</option>
              <option value="sla">SLA due soonest</option>
            </select>
          </label>
        </div>
      </Show>
      <div id="queue-panel" role="tabpanel" hidden={Boolean(query())} aria-labelledby={`tab-${props.tab}`} class="queue-scroll" ref={scroller}>
        <Show when={count() > 0} fallback={<EmptyQueue tab={props.tab} />}>
          <ul class="rows" style={{ height: `${virtualizer.getTotalSize()}px` }} onFocusIn={trackFocus} onFocusOut={leaveFocus}>
            <For each={rows.slots()}>
              {(slot) => {
                const v = rows.item(slot);
                const current = createMemo(() => {
                  const at = v();
                  return at && rowAt(at.index);
                }, undefined, { equals: sameRow });
                const row = () => current()!;
                let link: HTMLAnchorElement | undefined;
                // A recycled element shows another conversation now: focus does not stay on it (as
                // with a removed row, it goes back to the page), and comes back with its row.
                createEffect(
                  on(
                    () => current()?.id,
                    (id) => {
                      if (link?.contains(document.activeElement) && id !== focusedId) link.blur();
                      if (link && id) refocus(link, id);
                    },
                    { defer: true },
                  ),
                );
                return (
                  <li class="row-item" style={{ transform: `translateY(${v()?.start ?? 0}px)`, height: `${v()?.size ?? 0}px` }} data-index={v()?.index} data-conversation-id={current()?.id}>
                    <Show when={current()}>
                      <a
                        ref={(el: HTMLAnchorElement) => {
                          link = el;
                          refocus(el, row().id);
                        }}
                        href={`/s/${space.spaceId()}/messages/${row().id}`}
                        onClick={followLink}
                        class="conv-row"
                        classList={{ selected: row().id === props.selectedId, unread: row().unread > 0 }}
                        aria-current={row().id === props.selectedId ? 'true' : undefined}
                        aria-label={queueRowName({ ...row(), slaText: row().sla ? slaWords(row().sla!, minuteNow()) : null })}
                      >
                        <span class="avatar" aria-hidden="true">
                          {initials(row().contactName)}
                        </span>
                        <span class="conv-main">
                          <span class="conv-top">
                            <span class="conv-who">
                              {/* The row's name already says the channel. */}
                              <ChannelIcon kind={row().channelKind} decorative />
                              <strong>{row().contactName}</strong>
                            </span>
                            <time datetime={new Date(row().at).toISOString()}>{relativeTime(row().at)}</time>
                          </span>
                          <span class="conv-bottom">
                            <span class="preview">{row().note ?? row().preview}</span>
                            <Show when={row().sla}>{(sla) => <SlaBadge sla={sla()} now={minuteNow()} />}</Show>
                          </span>
                        </span>
                        <Show when={row().unread > 0}>
                          <span class="unread-dot" aria-hidden="true" />
                        </Show>
                        <Show when={row().assigneeName}>
                          <span class="assignee-chip" title={`Assigned to ${row().assigneeName}`} aria-hidden="true">
                            {initials(row().assigneeName!)}
                          </span>
                        </Show>
                      </a>
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </div>
    </section>
  );
}

const sameRow = (a: Row | undefined, b: Row | undefined) =>
  a === b ||
  (a !== undefined && b !== undefined && a.id === b.id && a.contactName === b.contactName && a.preview === b.preview && a.at === b.at && a.unread === b.unread && a.assigneeName === b.assigneeName && a.channelKind === b.channelKind && a.note === b.note && a.snoozed === b.snoozed && a.sla?.dueAt === b.sla?.dueAt && a.sla?.breached === b.sla?.breached && a.sla?.target === b.sla?.target);

const EMPTY: Record<Exclude<Tab, 'All'>, string> = {
  Mine: 'Nothing assigned to you. Pick one from Unassigned.',
  Unassigned: 'No unassigned conversations — nice work.',
  Snoozed: 'Nothing snoozed. Press z on a conversation to snooze it until later or until the customer writes.',
  Closed: 'No closed conversations yet.',
};

/**
 * What an empty tab says to do next. An empty inbox sends owners and managers to the channels
 * (where the chat link and WhatsApp/Telegram are) and tells agents what will arrive.
 */
function EmptyQueue(props: { tab: Tab }) {
  const space = useSpace();
  return (
    <Show when={props.tab === 'All'} fallback={<p class="empty-list">{EMPTY[props.tab as Exclude<Tab, 'All'>]}</p>}>
      <Show
        when={space.can('channels.manage')}
        fallback={
          <p class="empty-list">
            No open conversations. New messages from your website chat, WhatsApp and Telegram arrive here; the ones assigned to you show under Mine.
          </p>
        }
      >
        <p class="empty-list">
          No open conversations yet. Share your website chat link, or connect WhatsApp or Telegram:{' '}
          <A href={`/s/${space.spaceId()}/settings/channels`}>Set up a channel</A> (Settings → Channels).
        </p>
      </Show>
    </Show>
  );
}
