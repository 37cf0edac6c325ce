import { createMemo, createSignal, onCleanup } from 'solid-js';
import type * as Y from 'yjs';
import { docNames } from '../../shared/sync/docNames';
import { INBOX, type NotificationItem } from '../../shared/sync/inbox';
import { QUEUE, type QueueItem } from '../../shared/sync/shapes';
import { trpc } from '../api/trpc';
import { bindOpenDocMap } from '../sync/bindDocMap';
import { acquireDoc, releaseDoc, type OpenDoc } from '../sync/docs';

/** Only items this recent count as "new" for a desktop notification (not a backlog loaded on sync). */
const FRESH_MS = 60_000;

/**
 * The signed-in member's notifications: their read-only inbox doc (never written here; reading
 * marks go through tRPC and come back through the doc), newest first, with the unread count.
 * `onArrive` runs for each unread item that arrives live after the first sync.
 */
export function createInbox(spaceId: string, userId: string, onArrive: (item: NotificationItem) => void) {
  const name = docNames.inbox(spaceId, userId);
  const opened = acquireDoc(name);
  // The queue doc (to find a contact's open conversation) is opened a little later: loading a big
  // queue from IndexedDB is a long task, and the screen being opened (Messages: its first rows)
  // comes first. The Messages screen opens it at once anyway.
  const queueName = docNames.queue(spaceId);
  let queueDoc: OpenDoc | undefined;
  // Read when asked (never bound), so it is always the current epoch's map.
  const openQueue = () => (queueDoc ??= acquireDoc(queueName)).doc.getMap<QueueItem>(QUEUE.open);
  const later = setTimeout(openQueue, 3000);
  onCleanup(() => {
    releaseDoc(name);
    clearTimeout(later);
    if (queueDoc) releaseDoc(queueName);
  });
  const handleArrivals = (event: Y.YMapEvent<NotificationItem>) => {
    if (!opened.provider.synced) return;
    for (const [key, change] of event.changes.keys) {
      const item = (event.target as Y.Map<NotificationItem>).get(key);
      if (change.action === 'add' && item && !item.read && Date.now() - item.at < FRESH_MS) onArrive(item);
    }
  };
  const items = bindOpenDocMap<NotificationItem>(opened, INBOX.items, { onEvent: handleArrivals }).store;
  const [error, setError] = createSignal<string | null>(null);

  const list = createMemo(() =>
    Object.values(items)
      .filter((i): i is NotificationItem => Boolean(i))
      .sort((a, b) => b.at - a.at),
  );
  const unread = createMemo(() => list().filter((i) => !i.read).length);

  const call = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(null);
    } catch {
      setError('Could not mark notifications read. Check your connection and try again.');
    }
  };

  return {
    list,
    unread,
    error,
    /** Where a notification leads: its conversation, the contact's open one, or the contact page. */
    pathOf(item: NotificationItem): string {
      const comment = item.commentId ? `?comment=${encodeURIComponent(item.commentId)}` : '';
      if (item.conversationId) return `/s/${spaceId}/messages/${item.conversationId}${comment}`;
      // Asked before the delayed open: open it now (the Messages screen usually holds it already).
      clearTimeout(later);
      const open = [...openQueue().values()].find((c) => c.contactId === item.contactId);
      return open ? `/s/${spaceId}/messages/${open.id}${comment}` : `/s/${spaceId}/contacts/${item.contactId}${comment}`;
    },
    markRead: (ids: string[]) => call(() => trpc.notifications.markRead.mutate({ spaceId, ids })),
    markAllRead: () => call(() => trpc.notifications.markAllRead.mutate({ spaceId })),
  };
}
