import { createComputed, createResource, createSignal, on, onCleanup, untrack } from 'solid-js';
import { docNames } from '../../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../../shared/sync/shapes';
import { bindYMap } from '../sync/bindYMap';
import { acquireDoc, releaseDoc } from '../sync/docs';
import { SortedIds } from '../sync/sortedIds';
import { trpc } from '../api/trpc';
import { cachedQuery } from './offlineCache';
import { useSession } from './session';
import { useSpace } from './space';

export const TABS = ['Mine', 'Unassigned', 'All', 'Closed'] as const;
export type Tab = (typeof TABS)[number];

/** What a queue row is sorted by and which tabs it is in: a copy, so later changes to the record cannot move it unseen. */
interface RowKey {
  id: string;
  lastAt: number;
  assigneeId: string | null;
  unread: number;
}

// Newest first; ties by id, so every row has exactly one place.
const newestFirst = (a: RowKey, b: RowKey) => b.lastAt - a.lastAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The live queue of a space (its authority doc), split by tab, newest first. Each tab keeps its
 * sorted ids and follows the binding's changed keys (one flush per frame): a change moves one id
 * by binary search and re-renders only the rows that show it, whatever the queue's size.
 */
export function createQueue(spaceId: string, userId: () => string | undefined) {
  const name = docNames.queue(spaceId);
  const { doc } = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  const all = new SortedIds<RowKey>(newestFirst);
  const mine = new SortedIds<RowKey>(newestFirst);
  const unassigned = new SortedIds<RowKey>(newestFirst);
  const known = new Map<string, RowKey>();
  const [version, bump] = createSignal(undefined, { equals: false });
  let me = untrack(userId);
  let unreadForMe = 0;
  const countsForMe = (k: RowKey | undefined) => (k && (k.assigneeId === null || k.assigneeId === me) ? k.unread : 0);

  const follow = (changes: ReadonlyMap<string, QueueItem | undefined>) => {
    const forAll: [string, RowKey | undefined][] = [];
    const forMine: [string, RowKey | undefined][] = [];
    const forUnassigned: [string, RowKey | undefined][] = [];
    for (const [id, item] of changes) {
      const before = known.get(id);
      const key = item && { id, lastAt: item.lastAt, assigneeId: item.assigneeId, unread: item.unread };
      unreadForMe += countsForMe(key) - countsForMe(before);
      if (key) known.set(id, key);
      else known.delete(id);
      forAll.push([id, key]);
      if (before?.assigneeId === me || key?.assigneeId === me) forMine.push([id, key?.assigneeId === me ? key : undefined]);
      if (before?.assigneeId === null || key?.assigneeId === null) forUnassigned.push([id, key?.assigneeId === null ? key : undefined]);
    }
    all.apply(forAll);
    mine.apply(forMine.filter(([id, key]) => key || mine.has(id)));
    unassigned.apply(forUnassigned.filter(([id, key]) => key || unassigned.has(id)));
    bump();
  };
  const binding = bindYMap(doc.getMap<QueueItem>(QUEUE.open), { onApplied: follow });
  const items = binding.store;
  follow(new Map(Object.entries(untrack(() => ({ ...items })))));
  // Signing in (or switching user) changes who "Mine" is: rebuild that one tab and the unread sum.
  createComputed(
    on(userId, (id) => {
      if (id === me) return;
      me = id;
      mine.reset([...known].filter(([, k]) => k.assigneeId === me));
      unreadForMe = 0;
      for (const k of known.values()) unreadForMe += countsForMe(k);
      bump();
    }, { defer: true }),
  );
  const meta = bindYMap(doc.getMap<number>(QUEUE.meta)).store;
  const closedCount = () => meta.closedCount ?? 0;
  const tabIds = (tab: Exclude<Tab, 'Closed'>): readonly string[] => {
    version();
    return (tab === 'Mine' ? mine : tab === 'Unassigned' ? unassigned : all).ids;
  };
  return {
    items,
    /** The tab's conversation ids, newest first; read the records from `items`. */
    ids: tabIds,
    counts: () => {
      version();
      return { Mine: mine.size, Unassigned: unassigned.size, All: all.size, Closed: closedCount() };
    },
    closedCount,
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

