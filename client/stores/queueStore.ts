import { createMemo, createResource, onCleanup } from 'solid-js';
import { docNames } from '../../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../../shared/sync/shapes';
import { bindYMap } from '../sync/bindYMap';
import { acquireDoc, releaseDoc } from '../sync/docs';
import { trpc } from '../api/trpc';
import { cachedQuery } from './offlineCache';
import { useSession } from './session';
import { useSpace } from './space';

export const TABS = ['Mine', 'Unassigned', 'All', 'Closed'] as const;
export type Tab = (typeof TABS)[number];

/** The live queue of a space (its authority doc), split by tab, newest first. */
export function createQueue(spaceId: string, userId: () => string | undefined) {
  const name = docNames.queue(spaceId);
  const { doc } = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  const items = bindYMap(doc.getMap<QueueItem>(QUEUE.open)).store;
  const meta = bindYMap(doc.getMap<number>(QUEUE.meta)).store;
  const closedCount = () => meta.closedCount ?? 0;

  const all = createMemo(() => Object.values(items).sort((a, b) => b.lastAt - a.lastAt));
  const mine = createMemo(() => all().filter((c) => c.assigneeId === userId()));
  const unassigned = createMemo(() => all().filter((c) => c.assigneeId === null));
  return {
    items,
    byTab: (tab: Exclude<Tab, 'Closed'>) => (tab === 'Mine' ? mine() : tab === 'Unassigned' ? unassigned() : all()),
    counts: () => ({ Mine: mine().length, Unassigned: unassigned().length, All: all().length, Closed: closedCount() }),
    closedCount,
    /** Unread messages waiting for this agent: in their conversations and the unassigned ones. */
    unreadForMe: () => [...mine(), ...unassigned()].reduce((n, c) => n + c.unread, 0),
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

