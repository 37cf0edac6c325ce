import { compareThreadItems, type ThreadPosition } from '../../shared/domain/threadOrder';
import type { EmailMeta, FileRef, ThreadItem } from '../../shared/sync/shapes';
import type { Db } from '../db/connection';
import { activities, messages, publicClientId, type ThreadItemKind } from '../db/conversations';
import { emailMessages } from '../db/email';
import { files } from '../db/files';
import { users } from '../db/users';

/** A thread item as the conv doc and the thread pages hold it, read from SQLite; undefined if it no longer exists. */
export function threadItem(db: Db, itemId: string, kind: ThreadItemKind, names = new Map<string, string | null>()): ThreadItem | undefined {
  if (kind === 'activity') {
    const a = activities.byId(db, itemId);
    return a && { kind: 'activity', id: a.id, text: a.text, at: a.created_at };
  }
  const m = messages.byId(db, itemId);
  if (!m) return undefined;
  let author: string | null = null;
  if (m.author_id) {
    if (!names.has(m.author_id)) names.set(m.author_id, users.nameOf(db, m.author_id));
    author = names.get(m.author_id)!;
  }
  return {
    kind: 'message',
    id: m.id,
    direction: m.direction,
    body: m.body,
    authorName: author,
    status: m.status,
    error: m.error,
    at: m.created_at,
    files: files.forMessage(db, m.id) satisfies FileRef[],
    clientId: publicClientId(m.client_id),
    ...emailMetaOf(db, m.id),
  };
}

/** The e-mail headers of a message, if it is a mail (one primary-key probe). */
function emailMetaOf(db: Db, messageId: string): { email: EmailMeta } | Record<string, never> {
  const e = emailMessages.byMessage(db, messageId);
  if (!e) return {};
  return {
    email: {
      subject: e.subject,
      from: e.from_addr,
      cc: JSON.parse(e.cc_addrs) as string[],
      html: e.html !== null,
      quoted: e.quoted !== '',
      auth: e.auth_results ? (JSON.parse(e.auth_results) as EmailMeta['auth']) : null,
    },
  };
}

/**
 * The `limit` thread items just before `before` (in the thread's order, oldest first), and whether
 * there are older ones still: what the conversation pane pages in above what its doc holds. Reads
 * at most limit + 1 items of each kind older than the cursor's instant (plus the cursor instant's
 * own), through the (conversation_id, created_at) indexes, whatever the thread's length.
 */
export function threadPage(db: Db, conversationId: string, before: ThreadPosition, limit: number): { items: ThreadItem[]; more: boolean } {
  const positions: ThreadPosition[] = [
    ...messages.positionsBefore(db, conversationId, before.at, limit + 1).map((r) => ({ id: r.id, at: r.created_at, kind: 'message' as const })),
    ...activities.positionsBefore(db, conversationId, before.at, limit + 1).map((r) => ({ id: r.id, at: r.created_at, kind: 'activity' as const })),
  ]
    .filter((p) => compareThreadItems(p, before) < 0)
    .sort(compareThreadItems);
  const page = positions.slice(-limit);
  const names = new Map<string, string | null>();
  return {
    items: page.map((p) => threadItem(db, p.id, p.kind, names)).filter((item): item is ThreadItem => item !== undefined),
    more: positions.length > limit,
  };
}
