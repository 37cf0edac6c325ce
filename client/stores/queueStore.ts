import { createComputed, createResource, createSignal, on, onCleanup, untrack } from 'solid-js';
import { unwrap } from 'solid-js/store';
import { docNames } from '../../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../../shared/sync/shapes';
import { bindOpenDocMap } from '../sync/bindDocMap';
import { acquireDoc, hintEpoch, releaseDoc } from '../sync/docs';
import { SortedIds } from '../sync/sortedIds';
import { trpc } from '../api/trpc';
import { cachedQuery } from './offlineCache';
import { FIRST_SCREEN_ROWS, readFirstScreen, writeFirstScreen } from './queueFirstScreen';
import { useSession } from './session';
import { useSpace } from './space';

export const TABS = ['Mine', 'Unassigned', 'All', 'Snoozed', 'Closed'] as const;
export type Tab = (typeof TABS)[number];
/** The tabs the live queue doc holds (Snoozed and Closed are fetched lists). */
export type LiveTab = Exclude<Tab, 'Snoozed' | 'Closed'>;
export const isLiveTab = (tab: Tab): tab is LiveTab => tab !== 'Snoozed' && tab !== 'Closed';

/** What a queue row is sorted by and which tabs it is in: a copy, so later changes to the record cannot move it unseen. */
interface RowKey {
  id: string;
  contactId: string;
  lastAt: number;
  assigneeId: string | null;
  unread: number;
  /** The SLA target owed soonest: its due instant (null without one). */
  due: number | null;
}

// Newest first; ties by id, so every row has exactly one place.
const newestFirst = (a: RowKey, b: RowKey) => b.lastAt - a.lastAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
// SLA due soonest first (breached ones are due in the past, so they lead); rows without an SLA last, newest first.
const dueFirst = (a: RowKey, b: RowKey) => {
  if (a.due === b.due) return newestFirst(a, b);
  if (a.due === null) return 1;
  if (b.due === null) return -1;
  return a.due - b.due || newestFirst(a, b);
};

/** How the open tabs are sorted: newest message first, or SLA due soonest. */
export const QUEUE_SORTS = ['newest', 'sla'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
const SORT_KEY = 'kaon:queueSort';
const savedSort = (): QueueSort => {
  try {
    return localStorage.getItem(SORT_KEY) === 'sla' ? 'sla' : 'newest';
  } catch {
    return 'newest';
  }
};

/**
 * The live queue of a space (its authority doc), split by tab, newest first. Each tab keeps its
 * sorted ids and follows the binding's changed keys (one flush per frame): a change moves one id
 * by binary search and re-renders only the rows that show it, whatever the queue's size.
 */
export function createQueue(spaceId: string, userId: () => string | undefined) {
  // A rebased conversation doc's row carries its epoch: opening it connects to that room at once.
  const hintEpochs = (rows: Iterable<QueueItem | undefined>) => {
    for (const row of rows) if (row?.epoch) hintEpoch(docNames.conv(spaceId, row.id), row.epoch);
  };
  const name = docNames.queue(spaceId);
  const opened = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  // Until the doc has rows (from IndexedDB or the server), the first screen as last seen.
  const [firstScreen, setFirstScreen] = createSignal(readFirstScreen(spaceId));
  // A browser without one (a first visit, another device) asks the server for it: a few rows
  // from SQLite in one request, while thousands of rows of the queue doc sync and decode.
  if (!untrack(firstScreen)) {
    void trpc.conversations.firstScreen
      .query({ spaceId })
      .then((screen) => {
        if (known.size === 0 && !opened.provider.synced) setFirstScreen(screen);
        hintEpochs(Object.values(screen.rows));
      })
      .catch(() => undefined); // offline or refused: the doc (or its refusal) shows instead
  }
  const all = new SortedIds<RowKey>(newestFirst);
  const mine = new SortedIds<RowKey>(newestFirst);
  const unassigned = new SortedIds<RowKey>(newestFirst);
  const known = new Map<string, RowKey>();
  // The same tabs in SLA order, kept only once someone sorts by it (then followed like the others).
  let byDue: { all: SortedIds<RowKey>; mine: SortedIds<RowKey>; unassigned: SortedIds<RowKey> } | null = null;
  const [sort, setSortSignal] = createSignal<QueueSort>(savedSort());
  const dueSets = () => {
    if (!byDue) {
      byDue = { all: new SortedIds<RowKey>(dueFirst), mine: new SortedIds<RowKey>(dueFirst), unassigned: new SortedIds<RowKey>(dueFirst) };
      byDue.all.reset(known);
      byDue.mine.reset([...known].filter(([, k]) => k.assigneeId === me));
      byDue.unassigned.reset([...known].filter(([, k]) => k.assigneeId === null));
    }
    return byDue;
  };
  // A contact has at most one open conversation: which one (a closed conversation on screen finds its successor).
  const openByContact = new Map<string, string>();
  const [version, bump] = createSignal(undefined, { equals: false });
  let me = untrack(userId);
  let unreadForMe = 0;
  const countsForMe = (k: RowKey | undefined) => (k && (k.assigneeId === null || k.assigneeId === me) ? k.unread : 0);

  const follow = (changes: ReadonlyMap<string, QueueItem | undefined>) => {
    hintEpochs(changes.values());
    const forAll: [string, RowKey | undefined][] = [];
    const forMine: [string, RowKey | undefined][] = [];
    const forUnassigned: [string, RowKey | undefined][] = [];
    for (const [id, item] of changes) {
      const before = known.get(id);
      const key = item && { id, contactId: item.contactId, lastAt: item.lastAt, assigneeId: item.assigneeId, unread: item.unread, due: item.sla?.dueAt ?? null };
      unreadForMe += countsForMe(key) - countsForMe(before);
      if (before && openByContact.get(before.contactId) === id) openByContact.delete(before.contactId);
      if (key) known.set(id, key);
      else known.delete(id);
      if (key) openByContact.set(key.contactId, id);
      forAll.push([id, key]);
      if (before?.assigneeId === me || key?.assigneeId === me) forMine.push([id, key?.assigneeId === me ? key : undefined]);
      if (before?.assigneeId === null || key?.assigneeId === null) forUnassigned.push([id, key?.assigneeId === null ? key : undefined]);
    }
    if (forAll.length > 0) setFirstScreen(null);
    all.apply(forAll);
    mine.apply(forMine.filter(([id, key]) => key || mine.has(id)));
    unassigned.apply(forUnassigned.filter(([id, key]) => key || unassigned.has(id)));
    if (byDue) {
      const due = byDue;
      due.all.apply(forAll);
      due.mine.apply(forMine.filter(([id, key]) => key || due.mine.has(id)));
      due.unassigned.apply(forUnassigned.filter(([id, key]) => key || due.unassigned.has(id)));
    }
    bump();
  };
  const binding = bindOpenDocMap<QueueItem>(opened, QUEUE.open, { onApplied: follow });
  const items = binding.store;
  follow(new Map(Object.entries(untrack(() => ({ ...items })))));
  // Signing in (or switching user) changes who "Mine" is: rebuild that one tab and the unread sum.
  createComputed(
    on(userId, (id) => {
      if (id === me) return;
      me = id;
      mine.reset([...known].filter(([, k]) => k.assigneeId === me));
      byDue?.mine.reset([...known].filter(([, k]) => k.assigneeId === me));
      unreadForMe = 0;
      for (const k of known.values()) unreadForMe += countsForMe(k);
      bump();
    }, { defer: true }),
  );
  // An empty queue on the server: nothing to wait for.
  const synced = (isSynced: boolean) => isSynced && setFirstScreen(null);
  const { provider } = opened;
  provider.on('sync', synced);
  // A rebase replaces the doc only once the new copy has synced.
  onCleanup(opened.onReplaced(() => synced(true)));
  onCleanup(() => provider.off('sync', synced));
  // Keep the first screen for the next reload, at most once a second and only from live rows.
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  createComputed(
    on(version, () => {
      if (saveTimer || known.size === 0) return;
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        if (untrack(firstScreen) || known.size === 0) return;
        const ids = { All: all.ids.slice(0, FIRST_SCREEN_ROWS), Unassigned: unassigned.ids.slice(0, FIRST_SCREEN_ROWS), Mine: mine.ids.slice(0, FIRST_SCREEN_ROWS) };
        const rows: Record<string, QueueItem> = {};
        for (const id of [...ids.All, ...ids.Unassigned, ...ids.Mine]) rows[id] = unwrap(items[id]!);
        writeFirstScreen(spaceId, { userId: me, ids, counts: { All: all.size, Unassigned: unassigned.size, Mine: mine.size }, rows });
      }, 1000);
    }),
  );
  onCleanup(() => clearTimeout(saveTimer));
  const meta = bindOpenDocMap<number>(opened, QUEUE.meta).store;
  const closedCount = () => meta.closedCount ?? 0;
  const snoozedCount = () => meta.snoozedCount ?? 0;
  // The saved first screen is only this member's if "Mine" was theirs.
  const saved = () => {
    const screen = firstScreen();
    return screen && screen.userId === userId() ? screen : null;
  };
  const tabIds = (tab: LiveTab): readonly string[] => {
    const screen = saved();
    if (screen) return screen.ids[tab];
    version();
    if (sort() === 'sla') {
      const due = dueSets();
      return (tab === 'Mine' ? due.mine : tab === 'Unassigned' ? due.unassigned : due.all).ids;
    }
    return (tab === 'Mine' ? mine : tab === 'Unassigned' ? unassigned : all).ids;
  };
  return {
    items,
    /** The tab's conversation ids in the chosen order; read the records from `items`. */
    ids: tabIds,
    /** How the open tabs are sorted (remembered in this browser). */
    sort,
    setSort: (next: QueueSort) => {
      setSortSignal(next);
      try {
        localStorage.setItem(SORT_KEY, next);
      } catch {
        // Private mode without storage: the choice lasts for this page.
      }
    },
    /** One open conversation's record (from the saved first screen until the doc has loaded). */
    item: (id: string): QueueItem | undefined => items[id] ?? saved()?.rows[id],
    /**
     * The same record as plain data, read without tracking its fields: for a list that reads it
     * under `ids()`, which changes with every applied change to the queue, so it re-reads then.
     * A row of a fast scroll through thousands costs no store proxy and no signal per field.
     */
    peek: (id: string): QueueItem | undefined => untrack(() => unwrap(items)[id] ?? saved()?.rows[id]),
    counts: () => {
      const screen = saved();
      if (screen) return { ...screen.counts, Snoozed: snoozedCount(), Closed: closedCount() };
      version();
      return { Mine: mine.size, Unassigned: unassigned.size, All: all.size, Snoozed: snoozedCount(), Closed: closedCount() };
    },
    closedCount,
    snoozedCount,
    /** The contact's open conversation, if it has one (live). */
    openFor: (contactId: string): string | undefined => (version(), openByContact.get(contactId)),
    /** Unread messages waiting for this agent: in their conversations and the unassigned ones. */
    unreadForMe: () => (version(), unreadForMe),
  };
}

export type QueueStore = ReturnType<typeof createQueue>;

/** The Closed view: the newest closed conversations, fetched while `active` and again when the closed count moves. */
export function createClosedList(queue: QueueStore, active: () => boolean) {
  const space = useSpace();
  const session = useSession();
  const [closed] = createResource(
    () => (active() ? { spaceId: space.spaceId(), n: queue.closedCount() } : false),
    // Offline, the Closed tab shows the list as it was last seen.
    ({ spaceId }) => cachedQuery(`${session.me()?.user.id}:${spaceId}:closed`, () => trpc.conversations.closed.query({ spaceId, limit: 200 })),
  );
  return () => closed()?.items ?? [];
}


/** The Snoozed view: snoozed conversations, fetched while `active` and again when the snoozed count moves. */
export function createSnoozedList(queue: QueueStore, active: () => boolean) {
  const space = useSpace();
  const session = useSession();
  const [snoozed] = createResource(
    () => (active() ? { spaceId: space.spaceId(), n: queue.snoozedCount() } : false),
    ({ spaceId }) => cachedQuery(`${session.me()?.user.id}:${spaceId}:snoozed`, () => trpc.conversations.snoozed.query({ spaceId })),
  );
  return () => snoozed()?.items ?? [];
}
