import type * as Y from 'yjs';
import { CONV, QUEUE, type ConversationMeta, type FileRef, type QueueItem, type ThreadItem } from '../../shared/sync/shapes';
import { docNames } from '../../shared/sync/docNames';
import type { Db } from '../db/connection';
import { channels } from '../db/channels';
import { contacts } from '../db/contacts';
import { activities, conversations, messages, publicClientId, type ConversationRow } from '../db/conversations';
import { files } from '../db/files';
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

function queueItem(db: Db, c: ConversationRow, contactName: string, channel: { kind: string; name: string }): QueueItem {
  return {
    id: c.id,
    contactId: c.contact_id,
    contactName,
    channelKind: channel.kind,
    channelName: channel.name,
    assigneeId: c.assignee_id,
    assigneeName: nameOf(db, c.assignee_id),
    preview: c.last_preview,
    lastAt: c.last_message_at,
    unread: c.unread,
    version: c.version,
    openedAt: c.opened_at,
  };
}

function thread(db: Db, conversationId: string): ThreadItem[] {
  // One query for the files and one lookup per author, not one per message: this runs on every message.
  const filesByMessage = new Map<string, FileRef[]>();
  for (const f of files.forConversation(db, conversationId)) {
    const list = filesByMessage.get(f.message_id) ?? [];
    list.push({ id: f.id, name: f.name, mime: f.mime, size: f.size });
    filesByMessage.set(f.message_id, list);
  }
  const names = new Map<string, string | null>();
  const author = (id: string | null) => {
    if (!id) return null;
    if (!names.has(id)) names.set(id, nameOf(db, id));
    return names.get(id)!;
  };
  const items: ThreadItem[] = messages.forConversation(db, conversationId).map((m) => ({
    kind: 'message',
    id: m.id,
    direction: m.direction,
    body: m.body,
    authorName: author(m.author_id),
    status: m.status,
    error: m.error,
    at: m.created_at,
    files: filesByMessage.get(m.id) ?? [],
    clientId: publicClientId(m.client_id),
  }));
  for (const a of activities.forConversation(db, conversationId)) items.push({ kind: 'activity', id: a.id, text: a.text, at: a.created_at });
  return items;
}

/**
 * Projects one conversation from SQLite (the source of truth) into its conv doc and the space's
 * queue doc. Runs after the command's commit; idempotent, so running it twice changes nothing.
 */
export function projectConversation(db: Db, writer: DocWriter, spaceId: string, conversationId: string): void {
  const c = conversations.inSpace(db, spaceId, conversationId);
  if (!c) return;
  const contactName = contacts.inSpace(db, spaceId, c.contact_id)?.name ?? 'Unknown contact';
  const channel = channels.inSpace(db, spaceId, c.channel_id) ?? { kind: 'unknown', name: 'Unknown channel' };
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
  };
  writer.write(docNames.conv(spaceId, c.id), (doc) => {
    put(doc.getMap<ConversationMeta>(CONV.meta), CONV.state, meta);
    const items = doc.getMap<ThreadItem>(CONV.items);
    for (const item of thread(db, c.id)) put(items, item.id, item);
  });
  writer.write(docNames.queue(spaceId), (doc) => {
    const open = doc.getMap<QueueItem>(QUEUE.open);
    if (c.status === 'open') put(open, c.id, queueItem(db, c, contactName, channel));
    else if (open.has(c.id)) open.delete(c.id);
    put(doc.getMap<number>(QUEUE.meta), 'closedCount', conversations.closedCount(db, spaceId));
  });
}
