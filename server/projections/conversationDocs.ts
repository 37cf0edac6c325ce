import type * as Y from 'yjs';
import { CONV, QUEUE, type ConversationMeta, type QueueItem, type ThreadItem } from '../../shared/sync/shapes';
import { docNames } from '../../shared/sync/docNames';
import type { Db } from '../db/connection';
import { channels, type ChannelRow } from '../db/channels';
import { contacts } from '../db/contacts';
import { conversations, projectionQueue, type ConversationRow } from '../db/conversations';
import { queueItem } from '../conversations/queueItems';
import { threadItem } from '../conversations/threadItems';
import { users } from '../db/users';

/** What projections need from the sync server: a server-origin write into a doc. */
export interface DocWriter {
  write(docName: string, fn: (doc: Y.Doc) => void): void;
}

const nameOf = users.nameOf;

/** Sets `key` only when the value differs, so unchanged records cost no update. */
function put<T>(map: Y.Map<T>, key: string, value: T): void {
  const before = map.get(key);
  if (before === undefined || JSON.stringify(before) !== JSON.stringify(value)) map.set(key, value);
}

/**
 * Projects one conversation from SQLite (the source of truth) into its conv doc and the space's
 * queue doc, after the command's commit: the state and the queue row (one row each), and only the
 * thread items the core queued as changed (conv_projection_pending), so a message costs the same
 * in a thread of ten or of ten thousand. Idempotent: running it again writes no update.
 */
export function projectConversation(db: Db, writer: DocWriter, spaceId: string, conversationId: string): void {
  projectConversations(db, writer, spaceId, [conversationId]);
}

/**
 * Projects the conversations one commit group changed (conversations/transaction.ts): each into
 * its conv doc, and all of them into the queue doc in one update, so a burst of messages to many
 * conversations costs one queue-doc update (one stored row, one broadcast) per group, not per message.
 */
export function projectConversations(db: Db, writer: DocWriter, spaceId: string, conversationIds: Iterable<string>): void {
  const rows: Array<{ c: ConversationRow; contactName: string; channel: Pick<ChannelRow, 'kind' | 'name'> }> = [];
  const names = new Map<string, string | null>();
  const projected: Array<{ id: string; itemIds: string[] }> = [];
  for (const conversationId of new Set(conversationIds)) {
    const c = conversations.inSpace(db, spaceId, conversationId);
    if (!c) continue;
    const contactName = contacts.inSpace(db, spaceId, c.contact_id)?.name ?? 'Unknown contact';
    const channel = channels.inSpace(db, spaceId, c.channel_id) ?? { kind: 'unknown', name: 'Unknown channel' };
    rows.push({ c, contactName, channel });
    const meta: ConversationMeta = {
      id: c.id,
      contactId: c.contact_id,
      contactName,
      channelKind: channel.kind,
      channelName: channel.name,
      status: c.status,
      assigneeId: c.assignee_id,
      assigneeName: nameOf(db, c.assignee_id),
      version: c.version,
      openedAt: c.opened_at,
      closedAt: c.closed_at,
      closedByName: nameOf(db, c.closed_by),
      closingCategory: c.closing_category,
      closingSummary: c.closing_summary,
      snoozed: c.snoozed === 1,
      snoozedUntil: c.snoozed_until,
    };
    const pending = projectionQueue.of(db, c.id);
    writer.write(docNames.conv(spaceId, c.id), (doc) => {
      put(doc.getMap<ConversationMeta>(CONV.meta), CONV.state, meta);
      const items = doc.getMap<ThreadItem>(CONV.items);
      for (const p of pending) {
        const item = threadItem(db, p.item_id, p.kind, names);
        if (item) put(items, item.id, item);
      }
    });
    if (pending.length) projected.push({ id: c.id, itemIds: pending.map((p) => p.item_id) });
  }
  if (!rows.length) return;
  writer.write(docNames.queue(spaceId), (doc) => {
    const open = doc.getMap<QueueItem>(QUEUE.open);
    for (const { c, contactName, channel } of rows) {
      // Snoozed conversations leave the queue (the Snoozed tab lists them) until they come back.
      if (c.status === 'open' && !c.snoozed) put(open, c.id, queueItem(db, c, contactName, channel));
      else if (open.has(c.id)) open.delete(c.id);
    }
    put(doc.getMap<number>(QUEUE.meta), 'closedCount', conversations.closedCount(db, spaceId));
    put(doc.getMap<number>(QUEUE.meta), 'snoozedCount', conversations.snoozedCount(db, spaceId));
  });
  // Written (and persisted by the sync server) before they leave the queue: a crash replays them.
  for (const p of projected) projectionQueue.done(db, p.id, p.itemIds);
}
