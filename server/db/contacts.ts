import type { Db } from './connection';

export interface ContactRow {
  id: string;
  space_id: string;
  name: string;
  created_at: number;
}

/** The projected profile columns (migration 008), read by the Contacts module and workflows. */
export interface ContactProfileRow extends ContactRow {
  phone: string;
  email: string;
  company: string;
  /** JSON array of tag names. */
  tags: string;
  /** JSON object custom field key → value. */
  fields: string;
  updated_at: number | null;
}

export interface ContactProfile {
  name: string;
  phone: string;
  email: string;
  company: string;
  tags: string[];
  fields: Record<string, string>;
}

export type ContactListRow = ContactProfileRow & { activity: number };

export type ContactSort = 'name' | 'recent';
/** Where the previous page ended: the sort value and the id of its last row. */
export type ContactCursor = { v: string | number; id: string };

// The newest message of any of the contact's conversations, else when the contact was created.
const ACTIVITY = 'c.last_activity_at';

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const contacts = {
  insert: (db: Db, row: ContactRow) =>
    db.prepare('INSERT INTO contacts (id, space_id, name, created_at, updated_at, last_activity_at) VALUES (@id, @space_id, @name, @created_at, @created_at, @created_at)').run(row),
  /** A message in one of the contact's conversations (the Contacts list's "recent activity"). */
  touchActivity: (db: Db, contactId: string, at: number) => db.prepare('UPDATE contacts SET last_activity_at = max(last_activity_at, ?) WHERE id = ?').run(at, contactId),
  inSpace: (db: Db, spaceId: string, id: string) => db.prepare('SELECT * FROM contacts WHERE space_id = ? AND id = ?').get(spaceId, id) as ContactProfileRow | undefined,
  rename: (db: Db, id: string, name: string) => db.prepare('UPDATE contacts SET name = ? WHERE id = ?').run(name, id),
  byIdentity: (db: Db, channelId: string, externalId: string) =>
    db
      .prepare('SELECT c.* FROM contact_identities i JOIN contacts c ON c.id = i.contact_id WHERE i.channel_id = ? AND i.external_id = ?')
      .get(channelId, externalId) as ContactRow | undefined,
  addIdentity: (db: Db, channelId: string, externalId: string, contactId: string) =>
    db.prepare('INSERT INTO contact_identities (channel_id, external_id, contact_id) VALUES (?, ?, ?)').run(channelId, externalId, contactId),
  /** The profile columns as values (tags and fields parsed). */
  profileOf: (row: ContactProfileRow): ContactProfile => ({
    name: row.name,
    phone: row.phone,
    email: row.email,
    company: row.company,
    tags: parseJson<string[]>(row.tags, []),
    fields: parseJson<Record<string, string>>(row.fields, {}),
  }),
  updateProfile: (db: Db, id: string, p: ContactProfile, now: number) =>
    db
      .prepare('UPDATE contacts SET name = ?, phone = ?, email = ?, company = ?, tags = ?, fields = ?, updated_at = ? WHERE id = ?')
      .run(p.name, p.phone, p.email, p.company, JSON.stringify(p.tags), JSON.stringify(p.fields), now, id),
  /** The channels a contact wrote from (its identities), oldest channel first. */
  channelsOf: (db: Db, contactId: string) =>
    db
      .prepare(
        `SELECT ch.id, ch.kind, ch.name, i.external_id FROM contact_identities i JOIN channels ch ON ch.id = i.channel_id
         WHERE i.contact_id = ? ORDER BY ch.created_at, ch.id`,
      )
      .all(contactId) as Array<{ id: string; kind: string; name: string; external_id: string }>,
  /**
   * One page of a space's contacts, by name (A→Z) or by recent activity (newest first), after
   * `cursor`; `match` (an FTS5 expression) keeps only contacts whose profile matches.
   */
  list: (db: Db, spaceId: string, opts: { sort: ContactSort; match: string | null; cursor: ContactCursor | null; limit: number }): ContactListRow[] => {
    // With a search, the matching contacts are looked up by rowid (contacts' search rows have minus
    // the contact's rowid, db/search.ts; `match` names the space) and only they are sorted; without
    // one, the page is read in index order. (`+` keeps SQLite from walking the space's index instead.)
    const where = [opts.match ? '+c.space_id = @spaceId' : 'c.space_id = @spaceId'];
    if (opts.match) where.push('c.rowid IN (SELECT -rowid FROM search_fts WHERE search_fts MATCH @match AND rowid < 0)');
    if (opts.cursor) {
      where.push(
        // Row values, so the page starts inside the index instead of skipping the rows before it.
        opts.sort === 'name' ? '(c.name COLLATE NOCASE, c.id) > (@v, @id)' : `(${ACTIVITY}, c.id) < (@v, @id)`,
      );
    }
    const order = opts.sort === 'name' ? 'c.name COLLATE NOCASE, c.id' : `${ACTIVITY} DESC, c.id DESC`;
    return db
      .prepare(`SELECT c.*, ${ACTIVITY} AS activity FROM contacts c WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`)
      .all({ spaceId, match: opts.match, v: opts.cursor?.v ?? null, id: opts.cursor?.id ?? null, limit: opts.limit }) as ContactListRow[];
  },
  countInSpace: (db: Db, spaceId: string) => (db.prepare('SELECT COUNT(*) AS n FROM contacts WHERE space_id = ?').get(spaceId) as { n: number }).n,
  idsInSpace: (db: Db, spaceId: string) => (db.prepare('SELECT id FROM contacts WHERE space_id = ?').all(spaceId) as Array<{ id: string }>).map((r) => r.id),
};

export interface ContactFieldRow {
  space_id: string;
  key: string;
  label: string;
  position: number;
}

/** A space's custom contact field definitions, in their order. */
export const contactFields = {
  list: (db: Db, spaceId: string) => db.prepare('SELECT * FROM contact_fields WHERE space_id = ? ORDER BY position, key').all(spaceId) as ContactFieldRow[],
  get: (db: Db, spaceId: string, key: string) => db.prepare('SELECT * FROM contact_fields WHERE space_id = ? AND key = ?').get(spaceId, key) as ContactFieldRow | undefined,
  insert: (db: Db, spaceId: string, key: string, label: string) =>
    db
      .prepare('INSERT INTO contact_fields (space_id, key, label, position) VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM contact_fields WHERE space_id = ?))')
      .run(spaceId, key, label, spaceId),
  relabel: (db: Db, spaceId: string, key: string, label: string) => db.prepare('UPDATE contact_fields SET label = ? WHERE space_id = ? AND key = ?').run(label, spaceId, key),
  delete: (db: Db, spaceId: string, key: string) => db.prepare('DELETE FROM contact_fields WHERE space_id = ? AND key = ?').run(spaceId, key),
  setPosition: (db: Db, spaceId: string, key: string, position: number) => db.prepare('UPDATE contact_fields SET position = ? WHERE space_id = ? AND key = ?').run(position, spaceId, key),
};

/** A contact-doc change decided by the server inside a transaction, applied to the doc after commit. */
export type ContactDocEdit =
  | { kind: 'addTag'; tag: string; at: number }
  | { kind: 'removeTag'; tag: string }
  | { kind: 'setName'; name: string }
  /** An e-mail contact's address, written into the profile when it has none. */
  | { kind: 'setEmail'; email: string }
  | { kind: 'addComment'; id: string; authorId: string; body: string; at: number };

export const contactDocEdits = {
  add: (db: Db, spaceId: string, contactId: string, edit: ContactDocEdit) =>
    db.prepare('INSERT INTO contact_doc_edits (space_id, contact_id, edit) VALUES (?, ?, ?)').run(spaceId, contactId, JSON.stringify(edit)),
  /** Pending edits, oldest first (of one contact, or all). */
  pending: (db: Db, contactId?: string) =>
    (contactId
      ? db.prepare('SELECT * FROM contact_doc_edits WHERE contact_id = ? ORDER BY seq').all(contactId)
      : db.prepare('SELECT * FROM contact_doc_edits ORDER BY seq').all()) as Array<{ seq: number; space_id: string; contact_id: string; edit: string }>,
  done: (db: Db, seqs: number[]) => {
    const del = db.prepare('DELETE FROM contact_doc_edits WHERE seq = ?');
    for (const s of seqs) del.run(s);
  },
};
