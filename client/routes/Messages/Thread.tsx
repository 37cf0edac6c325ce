import { createVirtualizer, defaultRangeExtractor, elementScroll } from '@tanstack/solid-virtual';
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { ThreadItem } from '../../../shared/sync/shapes';
import { deliveryStatusName } from '../../components/a11yNames';
import { clockTime, dayKey, dayLabel, fileSize } from '../../components/format';
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon, FileIcon } from '../../components/Icons';
import { pendingMessages, type PendingMessage } from '../../stores/pendingReplies';
import { EmailParts } from './EmailParts';

// Delivery ticks: SVG (no emoji font needed), each named in words for screen readers.
const TICK: Record<string, () => JSX.Element> = {
  pending: () => <ClockIcon size={12} />,
  sent: () => <CheckIcon size={12} />,
  delivered: () => <DoubleCheckIcon size={12} />,
  read: () => <DoubleCheckIcon size={12} />,
};

type Pending = { kind: 'pending' } & PendingMessage & { id: string };
type Entry = ThreadItem | Pending;

// Within this distance of the end the thread counts as "at the bottom" and follows new messages.
const STICK_PX = 48;

/**
 * The thread: bubbles, activity lines, day separators, the "New messages" marker, and this tab's
 * pending replies at the end. Virtualized (only what is on screen, plus a few, is in the DOM), so
 * a 10,000-message conversation opens and scrolls like a short one. It scrolls in `scroller`
 * (the pane, which also holds the earlier conversations above it); the list itself stays focusable
 * for the keyboard and tells screen readers each message's position in the whole thread.
 */
export function Thread(props: {
  ids: readonly string[];
  item: (id: string) => ThreadItem | undefined;
  scroller: () => HTMLElement | undefined;
  contactId: string | undefined;
  onRetry: (clientId: string) => void;
  onRetrySent?: (messageId: string) => void;
  unseen: number;
}) {
  const mine = createMemo<Pending[]>(() =>
    Object.values(pendingMessages)
      .filter((p) => p.contactId === props.contactId)
      .map((p) => ({ ...p, kind: 'pending' as const, id: `pending-${p.clientId}` })),
  );
  const count = () => props.ids.length + mine().length;
  const entryAt = (i: number): Entry | undefined => (i < props.ids.length ? props.item(props.ids[i]!) : mine()[i - props.ids.length]);

  // The first of the messages the agent had not seen when opening the conversation gets a marker:
  // counted back from the end, so it costs what was unseen, not the thread's length.
  const firstUnseen = createMemo(() => {
    if (props.unseen <= 0) return null;
    let left = props.unseen;
    let found: string | null = null;
    for (let i = props.ids.length - 1; i >= 0 && left > 0; i--) {
      const item = props.item(props.ids[i]!);
      if (item?.kind === 'message' && item.direction === 'in') {
        found = item.id;
        left--;
      }
    }
    return found;
  });

  let list: HTMLDivElement | undefined;
  // Where the list starts inside the scroller (below the earlier conversations).
  const [margin, setMargin] = createSignal(0);
  const measureMargin = () => {
    const s = props.scroller();
    if (s && list) setMargin(list.getBoundingClientRect().top - s.getBoundingClientRect().top + s.scrollTop);
  };
  // Follow the newest message while the agent is at the bottom (and on opening); leave them be
  // when they scrolled up to read.
  let stuck = true;
  let laidOut = false;
  const virtualizer = createVirtualizer({
    get count() {
      return count();
    },
    // Only once in the page: an element still in Solid's template fragment has no window, and the
    // virtualizer would keep that (and never hear its size or scrolling).
    getScrollElement: () => {
      const s = props.scroller();
      return s?.isConnected ? s : null;
    },
    // Its size from its ResizeObserver only, which reports after the browser's own layout: the
    // library's default reads it at mount, which lays out the half-built pane inside the click.
    observeElementRect: (instance, cb) => {
      const s = instance.scrollElement;
      if (!s) return;
      const sizes = new ResizeObserver(() => {
        laidOut = true;
        cb({ width: s.clientWidth, height: s.clientHeight });
      });
      sizes.observe(s);
      return () => sizes.disconnect();
    },
    // For the same reason: at mount it scrolls the pane to 0, where a pane just built already is.
    scrollToFn: (offset, options, instance) => {
      if (!laidOut && offset + (options.adjustments ?? 0) === 0) return;
      elementScroll(offset, options, instance);
    },
    estimateSize: () => 56,
    // Row heights come from the virtualizer's ResizeObserver, which reports every new row at once,
    // after the browser's layout: one re-lay of the rows for all of them. A row just added keeps
    // its known (or estimated) height until then; reading offsetHeight there laid the page out in
    // the middle of building it, and re-laid the rows once per row.
    measureElement: (el, entry, instance) => {
      const box = entry?.borderBoxSize?.[0];
      if (box) return Math.round(box.blockSize);
      if (entry) return (el as HTMLElement).offsetHeight;
      const i = instance.indexFromElement(el);
      return instance.itemSizeCache.get(instance.options.getItemKey(i)) ?? instance.options.estimateSize(i);
    },
    overscan: 6,
    get scrollMargin() {
      return margin();
    },
    // While it follows the newest message the thread shows its last rows, also before the scroll
    // position has caught up: on opening, the rows at the top were rendered, measured and thrown
    // away for the scroll to the end that follows at once.
    rangeExtractor: (range) => {
      if (!stuck || range.count === 0) return defaultRangeExtractor(range);
      const end = range.count - 1;
      // Fewer spare rows above while it sits at the end (opening builds them all at once); scrolling
      // up leaves the end, and the usual overscan is back before the next rows are needed.
      return defaultRangeExtractor({ ...range, startIndex: Math.max(0, end - (range.endIndex - range.startIndex)), endIndex: end, overscan: 2 });
    },
    // By id (measured heights follow a message when others are inserted), without reading records:
    // the virtualizer asks for every key whenever a height changes.
    getItemKey: (i) => (i < props.ids.length ? props.ids[i]! : (mine()[i - props.ids.length]?.id ?? i)),
  });

  // Rows are handed to the virtualizer (for its ResizeObserver) once they are in the page: it finds
  // a row's place by its data-index, set after the ref runs. This measures nothing by itself (see
  // measureElement above), so no re-lay follows from it.
  const unmeasured: HTMLElement[] = [];
  const measureSoon = (el: HTMLElement) => {
    if (unmeasured.push(el) > 1) return;
    queueMicrotask(() => {
      for (const row of unmeasured.splice(0)) if (row.isConnected) virtualizer.measureElement(row);
    });
  };

  const atBottom = (s: HTMLElement) => s.scrollHeight - s.scrollTop - s.clientHeight <= STICK_PX;
  const toBottom = () => {
    const s = props.scroller();
    if (s) s.scrollTop = s.scrollHeight;
  };
  onMount(() => {
    const s = props.scroller();
    if (!s) return;
    // Before the virtualizer's own listener (capture runs first at the target): the rows it picks
    // for this position must already know whether the agent left the bottom (rangeExtractor).
    const handleScroll = () => (stuck = atBottom(s));
    s.addEventListener('scroll', handleScroll, { passive: true, capture: true });
    // The earlier conversations above can open and close: the list moves down or up. Also the
    // first place the margin is measured (observers report once at the start, after layout).
    const resize = new ResizeObserver(() => {
      measureMargin();
      if (stuck) toBottom();
    });
    for (const child of s.children) resize.observe(child);
    onCleanup(() => {
      s.removeEventListener('scroll', handleScroll, { capture: true });
      resize.disconnect();
    });
  });
  // New entries (or rows measured taller than estimated) while at the bottom: stay at the bottom.
  // My own reply always brings the end into view.
  createEffect(
    on([count, () => virtualizer.getTotalSize()], ([n], prev) => {
      const grew = prev !== undefined && n > prev[0];
      if (grew && entryAt(n - 1)?.kind === 'pending') stuck = true;
      // Not while the thread is still empty: that would only lay out the pane being built.
      if (stuck && n > 0) queueMicrotask(toBottom);
    }),
  );

  const dayChanges = (i: number) => {
    const item = entryAt(i);
    if (!item) return false;
    const before = i > 0 ? entryAt(i - 1) : undefined;
    return !before || dayKey(before.at) !== dayKey(item.at);
  };

  return (
    <div
      ref={list}
      class="thread"
      role="list"
      aria-label="Messages in this conversation"
      tabIndex={0}
      style={{ height: `${virtualizer.getTotalSize()}px` }}
    >
      <For each={virtualizer.getVirtualItems()}>
        {(v) => {
          const item = () => entryAt(v.index);
          return (
            <div
              role="none"
              class="thread-row"
              data-index={v.index}
              ref={measureSoon}
              style={{ transform: `translateY(${v.start - margin()}px)` }}
            >
              {/* Keyed: a row that comes to show another entry is rebuilt; an entry's own changes update in place. */}
              <Show when={item()} keyed>
                {(entry) => (
                  <>
                    <Show when={dayChanges(v.index)}>
                      {/* A list holds list items only: each marker is one, around its separator. */}
                      <div class="day" role="listitem">
                        <span role="separator" aria-label={dayLabel(entry.at)}>
                          {dayLabel(entry.at)}
                        </span>
                      </div>
                    </Show>
                    <Show when={entry.id === firstUnseen()}>
                      <div class="unseen" role="listitem">
                        <span role="separator" aria-label="New messages">
                          New messages
                        </span>
                      </div>
                    </Show>
                    <EntryView entry={entry} position={v.index + 1} total={count()} onRetry={props.onRetry} onRetrySent={props.onRetrySent} />
                  </>
                )}
              </Show>
            </div>
          );
        }}
      </For>
    </div>
  );
}

/**
 * Above a long thread whose doc holds only its newest messages: a button that pages the earlier
 * ones in, pressed by itself when the agent scrolls up to it. The reading position stays where it
 * was: what is added above pushes the scroll offset down by its own height.
 */
export function OlderMessages(props: {
  older: { has: () => boolean; load: () => Promise<void>; loading: () => boolean; error: () => string | null };
  scroller: () => HTMLElement | undefined;
}) {
  let button: HTMLButtonElement | undefined;
  const load = async () => {
    const s = props.scroller();
    const before = s ? s.scrollHeight - s.scrollTop : 0;
    await props.older.load();
    // After the new rows have their (estimated) height: keep the same message under the reader's eyes.
    requestAnimationFrame(() => {
      if (s) s.scrollTop = s.scrollHeight - before;
    });
  };
  onMount(() => {
    const s = props.scroller();
    if (typeof IntersectionObserver !== 'function' || !s) return;
    // Only once the agent scrolls up: opening the pane (scrolled to the end) loads nothing more.
    // Not read here: scrollTop now would lay out the conversation pane while it is still being built.
    let lastTop: number | null = null;
    let armed = false;
    const onScroll = () => {
      const top = s.scrollTop;
      if (lastTop !== null && top < lastTop) armed = true;
      lastTop = top;
    };
    s.addEventListener('scroll', onScroll, { passive: true });
    const seen = new IntersectionObserver((entries) => {
      if (armed && entries.some((e) => e.isIntersecting) && !props.older.loading() && !props.older.error()) void load();
    }, { root: s, rootMargin: '200px 0px 0px 0px' });
    createEffect(() => {
      seen.disconnect();
      if (props.older.has() && button) seen.observe(button);
    });
    onCleanup(() => {
      seen.disconnect();
      s.removeEventListener('scroll', onScroll);
    });
  });
  return (
    <Show when={props.older.has()}>
      <div class="older-messages">
        <button type="button" class="link" ref={button} disabled={props.older.loading()} onClick={() => void load()}>
          {props.older.loading() ? 'Loading earlier messages…' : 'Show earlier messages'}
        </button>
        <Show when={props.older.error()}>
          <p class="error" role="alert">
            {props.older.error()}
          </p>
        </Show>
      </div>
    </Show>
  );
}

/**
 * One entry, drawn from its plain record once: a changed entry is another record, and its row is
 * rebuilt (keyed), so nothing in here needs to follow the record. Only its place in the thread
 * (aria-posinset / aria-setsize) follows the thread.
 */
function EntryView(props: { entry: Entry; position: number; total: number; onRetry: (clientId: string) => void; onRetrySent?: ((messageId: string) => void) | undefined }) {
  const aria: Aria = {
    get position() {
      return props.position;
    },
    get total() {
      return props.total;
    },
  };
  const entry = props.entry;
  if (entry.kind === 'activity')
    return (
      <div class="activity" role="listitem" aria-posinset={aria.position} aria-setsize={aria.total}>
        {entry.text}
      </div>
    );
  if (entry.kind === 'pending') return <PendingView item={entry} aria={aria} onRetry={props.onRetry} />;
  return <MessageView item={entry} aria={aria} onRetrySent={props.onRetrySent} />;
}

type Aria = { readonly position: number; readonly total: number };

function PendingView(props: { item: Pending; aria: Aria; onRetry: (clientId: string) => void }) {
  return (
    <div class="bubble out" classList={{ failed: props.item.status === 'failed' }} role="listitem" aria-posinset={props.aria.position} aria-setsize={props.aria.total} aria-label={`Your message, ${props.item.status === 'failed' ? 'not sent' : 'pending'}`}>
      <Show when={props.item.body}>
        <p>{props.item.body}</p>
      </Show>
      <For each={props.item.files}>
        {(f) => (
          <span class="file-card">
            <FileIcon /> {f.name}
          </span>
        )}
      </For>
      <footer>
        <Show
          when={props.item.status === 'failed'}
          fallback={
            <span class="status pending" title="Waiting to be sent: it goes out as soon as Kaon is reachable">
              {TICK.pending!()} Pending
            </span>
          }
        >
          <span class="status failed" role="alert">
            <AlertIcon size={12} /> {deliveryStatusName('failed', props.item.error)}
          </span>
          <button type="button" class="retry" onClick={() => props.onRetry(props.item.clientId)}>
            Retry
          </button>
        </Show>
      </footer>
    </div>
  );
}

function MessageView(props: { item: Extract<ThreadItem, { kind: 'message' }>; aria: Aria; onRetrySent?: ((messageId: string) => void) | undefined }) {
  // Read into plain constants: the JSX below then makes no reactive work (Solid wraps a field
  // read or a call in an effect, a plain name it inserts once).
  const { id, direction, status, error, body, authorName, email } = props.item;
  const out = direction === 'out';
  const failed = status === 'failed';
  const failedText = failed ? deliveryStatusName('failed', error) : '';
  const statusText = deliveryStatusName(status);
  const statusTitle = error ?? statusText;
  const statusClass = `status ${status}`;
  const bubbleClass = `bubble ${direction}${failed ? ' failed' : ''}`;
  const retry = props.onRetrySent;
  const files = props.item.files.map((f) => {
    const { name } = f;
    const href = `/files/${f.id}`;
    if (f.mime.startsWith('image/'))
      return (
        <a href={href} target="_blank" rel="noopener">
          <img class="attachment-image" src={href} alt={name} loading="lazy" />
        </a>
      );
    const download = `${href}?download=1`;
    const size = fileSize(f.size);
    return (
      <a class="file-card" href={download} download={name}>
        <FileIcon /> {name} <span class="muted">{size}</span>
      </a>
    );
  });
  const author = out && authorName ? <span class="author">{authorName}</span> : null;
  const mail = email ? <EmailParts messageId={id} email={email} direction={direction} /> : null;
  const text = body ? <p>{body}</p> : null;
  const mailError = email && out && failed && error ? <p class="form-error">{error}</p> : null;
  const icon = TICK[status]?.();
  const tick =
    out && !failed ? (
      <span class={statusClass} role="img" title={statusTitle} aria-label={statusText}>
        {icon}
      </span>
    ) : null;
  // A reply the provider refused: its reason on hover and for screen readers, and Retry.
  const refused =
    out && failed ? (
      <>
        <span class="status failed" role="img" title={failedText} aria-label={failedText}>
          <AlertIcon size={12} />
        </span>
        {retry ? (
          <button type="button" class="retry" onClick={() => retry(id)}>
            Retry
          </button>
        ) : null}
      </>
    ) : null;
  const datetime = new Date(props.item.at).toISOString();
  const clock = clockTime(props.item.at);
  return (
    <div class={bubbleClass} role="listitem" aria-posinset={props.aria.position} aria-setsize={props.aria.total}>
      {author}
      {mail}
      {text}
      {mailError}
      {files}
      <footer>
        <time datetime={datetime}>{clock}</time>
        {tick}
        {refused}
      </footer>
    </div>
  );
}
