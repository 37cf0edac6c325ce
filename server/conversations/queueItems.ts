import { docNames } from '../../shared/sync/docNames';
import type { QueueItem } from '../../shared/sync/shapes';
import { channels } from '../db/channels';
import type { Db } from '../db/connection';
import { contacts } from '../db/contacts';
import { conversations, type ConversationRow } from '../db/conversations';
import { users } from '../db/users';
import { ydocs } from '../db/ydocs';
import { queueSla } from './sla';

/** A queue row as the queue doc and the first screen hold it. */
export function queueItem(db: Db, c: ConversationRow, contactName: string, channel: { kind: string; name: string }): QueueItem {
  return {
    id: c.id,
    contactId: c.contact_id,
    contactName,
    channelKind: channel.kind,
    channelName: channel.name,
    assigneeId: c.assignee_id,
    assigneeName: users.nameOf(db, c.assignee_id),
    preview: c.last_preview,
    lastAt: c.last_message_at,
    unread: c.unread,
    version: c.version,
    openedAt: c.opened_at,
    ...epochField(db, c),
    ...queueSla(db, c.id),
  };
}

function epochField(db: Db, c: ConversationRow): { epoch?: number } {
  const epoch = ydocs.epochOf(db, docNames.conv(c.space_id, c.id));
  return epoch > 0 ? { epoch } : {};
}


/** How many rows of each tab the first screen holds: more than any screen shows. */
export const FIRST_SCREEN_ROWS = 40;

/**
 * The queue's first screen, from SQLite: the newest rows of All, Unassigned and Mine and their
 * counts — what a browser without a local copy shows while the queue doc syncs (thousands of rows
 * take seconds to decode). Costs three index reads of at most FIRST_SCREEN_ROWS rows and three
 * index counts of the open conversations, whatever the history.
 */
export function firstScreen(db: Db, spaceId: string, userId: string) {
  const all = conversations.openPage(db, spaceId, undefined, FIRST_SCREEN_ROWS);
  const unassigned = conversations.openPage(db, spaceId, null, FIRST_SCREEN_ROWS);
  const mine = conversations.openPage(db, spaceId, userId, FIRST_SCREEN_ROWS);
  const rows: Record<string, QueueItem> = {};
  for (const c of [...all.rows, ...unassigned.rows, ...mine.rows]) {
    if (rows[c.id]) continue;
    const contactName = contacts.inSpace(db, spaceId, c.contact_id)?.name ?? 'Unknown contact';
    const channel = channels.inSpace(db, spaceId, c.channel_id) ?? { kind: 'unknown', name: 'Unknown channel' };
    rows[c.id] = queueItem(db, c, contactName, channel);
  }
  return {
    userId,
    ids: { All: all.rows.map((c) => c.id), Unassigned: unassigned.rows.map((c) => c.id), Mine: mine.rows.map((c) => c.id) },
    counts: { All: all.count, Unassigned: unassigned.count, Mine: mine.count },
    rows,
  };
}
