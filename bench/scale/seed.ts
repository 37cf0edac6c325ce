/**
 * Seeds a year of traffic straight into SQLite through the project's own schema (openDb runs the
 * migrations), with the search rows, counts and activity times of migration 11 written in bulk
 * at the end: contacts with website-chat identities, closed conversations with their
 * messages and closing lines, and one long open thread. Rows go in with big multi-row INSERTs,
 * a transaction per batch.
 */
import { createHash } from 'node:crypto';
import { hashSecret } from '../../server/auth/tokens';
import { openDb, type Db } from '../../server/db/connection';
import { clientKey } from '../../server/db/conversations';
import { newId } from '../../server/db/ids';
import { body, COMPANIES, FIRST, LAST, prng, RARE_COUNT } from './corpus';

export interface SeedSizes {
  contacts: number;
  closed: number;
  messages: number;
  /** Messages in the one long open thread (on top of `messages`). */
  longThread: number;
}

export interface Seeded {
  spaceId: string;
  channelId: string;
  ownerId: string;
  /** The long thread's visitor (their cookie value) and conversation. */
  longThread: { cookie: string; contactId: string; conversationId: string };
  seconds: number;
}

/** The `kaon_visitor` cookie of seeded visitor `i` (43 URL-safe characters, like newVisitorCookie's). */
export const visitorCookie = (i: number | string) => createHash('sha256').update(`kaon-bench-visitor-${i}`).digest('base64url');

const DAY = 86_400_000;
const BATCH = 500;

/** INSERT of many rows at once, one prepared statement per row count. */
function inserter(db: Db, table: string, columns: readonly string[]) {
  const statements = new Map<number, ReturnType<Db['prepare']>>();
  const row = `(${columns.map(() => '?').join(', ')})`;
  const statement = (n: number) => {
    let s = statements.get(n);
    if (!s) statements.set(n, (s = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: n }, () => row).join(', ')}`)));
    return s;
  };
  let pending: unknown[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    statement(pending.length / columns.length).run(pending);
    pending = [];
  };
  return {
    add(...values: unknown[]) {
      pending.push(...values);
      if (pending.length >= BATCH * columns.length) flush();
    },
    flush,
  };
}

/** Seeds `dataDir` (a Kaon database with one space, its owner and its website-chat channel, e.g. after setup.create). */
export function seedDatabase(dataDir: string, sizes: SeedSizes, now = Date.now()): Seeded {
  const started = performance.now();
  const db = openDb(dataDir);
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const { id: spaceId } = db.prepare('SELECT id FROM spaces').get() as { id: string };
    const { id: channelId } = db.prepare("SELECT id FROM channels WHERE space_id = ? AND kind = 'webchat'").get(spaceId) as { id: string };
    const { user_id: ownerId } = db.prepare("SELECT user_id FROM memberships WHERE space_id = ? AND role = 'owner'").get(spaceId) as { user_id: string };
    const rand = prng(11);
    const year = now - 365 * DAY;

    const contactsOut = inserter(db, 'contacts', ['id', 'space_id', 'name', 'phone', 'email', 'company', 'tags', 'fields', 'created_at', 'updated_at']);
    const identities = inserter(db, 'contact_identities', ['channel_id', 'external_id', 'contact_id']);
    const convs = inserter(db, 'conversations', [
      'id', 'space_id', 'contact_id', 'channel_id', 'status', 'assignee_id', 'version', 'opened_at', 'closed_at', 'closed_by', 'closing_category', 'closing_summary', 'last_message_at', 'last_preview', 'unread',
    ]);
    const msgs = inserter(db, 'messages', ['id', 'space_id', 'conversation_id', 'direction', 'author_id', 'body', 'client_id', 'status', 'error', 'created_at']);
    const acts = inserter(db, 'activities', ['id', 'space_id', 'conversation_id', 'text', 'created_at']);
    const flushAll = () => [contactsOut, identities, convs, msgs, acts].forEach((t) => t.flush());
    const inBatches = (total: number, fn: (i: number) => void) => {
      for (let start = 0; start < total; start += 20_000) {
        db.transaction(() => {
          // A batch writes messages before their conversation row; the keys are checked at commit.
          db.pragma('defer_foreign_keys = ON');
          for (let i = start; i < Math.min(total, start + 20_000); i++) fn(i);
          flushAll();
        })();
      }
    };

    const contactIds: string[] = [];
    const externalIds: string[] = [];
    const addContact = (i: number | string, createdAt: number) => {
      const id = newId();
      const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`;
      const phone = rand() < 0.5 ? `+4915${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : '';
      const email = rand() < 0.6 ? `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${typeof i === 'number' ? i : 0}@example.com` : '';
      const company = rand() < 0.3 ? COMPANIES[Math.floor(rand() * COMPANIES.length)]! : '';
      const externalId = hashSecret(visitorCookie(i));
      contactsOut.add(id, spaceId, name, phone, email, company, '[]', '{}', createdAt, createdAt);
      identities.add(channelId, externalId, id);
      return { id, externalId };
    };
    inBatches(sizes.contacts, (i) => {
      const c = addContact(i, year + Math.floor((i / sizes.contacts) * 30 * DAY));
      contactIds.push(c.id);
      externalIds.push(c.externalId);
    });

    // Conversations in time order over the year, each contact's spread out; messages a minute apart.
    const perConversation = sizes.messages / sizes.closed;
    const rareEvery = Math.max(1, Math.floor(sizes.messages / RARE_COUNT));
    let written = 0;
    const addMessages = (convId: string, contact: number | string, externalId: string, count: number, openedAt: number) => {
      let last = '';
      for (let j = 0; j < count; j++) {
        const inbound = j % 2 === 0;
        const text = body(rand, written % rareEvery === rareEvery - 1 && written < rareEvery * RARE_COUNT);
        const id = newId();
        const at = openedAt + j * 60_000;
        msgs.add(id, spaceId, convId, inbound ? 'in' : 'out', inbound ? null : ownerId, text, inbound ? clientKey('in', `${channelId}/${externalId}`, `seed-${written}`) : null, inbound ? 'received' : 'read', null, at);
        written++;
        last = text;
      }
      return last;
    };
    inBatches(sizes.closed, (k) => {
      const contact = k % sizes.contacts;
      const count = Math.max(1, Math.round((k + 1) * perConversation) - Math.round(k * perConversation));
      const openedAt = year + 31 * DAY + Math.floor((k / sizes.closed) * 330 * DAY);
      const closedAt = openedAt + count * 60_000 + 600_000;
      const id = newId();
      const preview = addMessages(id, contact, externalIds[contact]!, count, openedAt);
      convs.add(id, spaceId, contactIds[contact], channelId, 'closed', null, 3, openedAt, closedAt, ownerId, rand() < 0.5 ? 'Resolved' : null, null, closedAt - 600_000, preview.slice(0, 140), 0);
      acts.add(newId(), spaceId, id, 'Bench Owner closed this conversation', closedAt);
    });

    // The long thread: one visitor's open conversation, written over the last weeks.
    const longCookie = visitorCookie('long-thread');
    const longConversation = newId();
    let longContact = '';
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      const c = addContact('long-thread', year);
      longContact = c.id;
      const openedAt = now - sizes.longThread * 60_000 - DAY;
      const preview = addMessages(longConversation, 'long-thread', c.externalId, sizes.longThread, openedAt);
      convs.add(longConversation, spaceId, c.id, channelId, 'open', null, 1, openedAt, null, null, null, null, openedAt + (sizes.longThread - 1) * 60_000, preview.slice(0, 140), 1);
      flushAll();
    })();
    // What the conversation core keeps as it goes (migration 11): search rows keyed by rowid, the
    // Closed count, each contact's last activity; written here in bulk, as the migration does.
    db.transaction(() => {
      db.prepare("INSERT INTO search_fts (rowid, text, space_id, kind, ref_id, conversation_id) SELECT rowid, body, space_id, 'message', id, conversation_id FROM messages WHERE trim(body) != ''").run();
      db.prepare(
        "INSERT INTO search_fts (rowid, text, space_id, kind, ref_id, conversation_id) SELECT -rowid, trim(name || ' ' || phone || ' ' || email || ' ' || company), space_id, 'contact', id, NULL FROM contacts",
      ).run();
      db.prepare("UPDATE spaces SET closed_count = (SELECT count(*) FROM conversations c WHERE c.space_id = spaces.id AND c.status = 'closed')").run();
      // The open thread's doc is written by the projection at start-up, as after a crash: every item queued.
      db.prepare("INSERT INTO conv_projection_pending (conversation_id, item_id, kind) SELECT conversation_id, id, 'message' FROM messages WHERE conversation_id = ?").run(longConversation);
      db.prepare('UPDATE contacts SET last_activity_at = COALESCE((SELECT max(v.last_message_at) FROM conversations v WHERE v.contact_id = contacts.id), created_at)').run();
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { spaceId, channelId, ownerId, longThread: { cookie: longCookie, contactId: longContact, conversationId: longConversation }, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}
