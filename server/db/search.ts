import type { Db } from './connection';

/**
 * The search index (SQLite FTS5, migration 11). A message's row has the message's rowid, so
 * newest first is rowid order and FTS5 stops after the first page; a contact's row has minus the
 * contact's rowid, so re-indexing it deletes one row by rowid. `space_id` is an indexed column:
 * every query names the space inside MATCH.
 */

export interface SearchHit {
  kind: 'message' | 'contact';
  ref_id: string;
  conversation_id: string | null;
  /** The text around the match, plain. */
  snippet: string;
  /** The same text in pieces, the matched words marked, for a client to highlight without HTML. */
  parts: SnippetPart[];
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

// FTS5's snippet() wraps each match in these two control characters (text never needs them), so
// a match is found without any markup; a stray one in the text is dropped.
const OPEN = '\u0002';
const CLOSE = '\u0003';

/** Splits FTS5 snippet() output (matches between OPEN and CLOSE) into plain and matched parts. */
export function snippetParts(raw: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, piece] of raw.split(new RegExp(`${OPEN}([^${OPEN}${CLOSE}]*)${CLOSE}`)).entries()) {
    const text = piece.replace(new RegExp(`[${OPEN}${CLOSE}]`, 'g'), '');
    if (text) parts.push({ text, match: i % 2 === 1 });
  }
  return parts;
}

/** A quoted FTS5 string: user input never reaches FTS5 as syntax. */
const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * An FTS5 expression for what a person typed, in one space: each word matched as a prefix of a
 * word in the text (all of them). Words without a letter or digit match nothing and are dropped;
 * null when nothing is left.
 */
export function searchExpression(spaceId: string, typed: string | undefined): string | null {
  const words = (typed ?? '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (!words.length) return null;
  return `space_id : ${quoted(spaceId)} AND text : (${words.map((w) => `${quoted(w)}*`).join(' AND ')})`;
}

export const search = {
  /** Indexes a message's text (inside the transaction that stores the message). */
  indexMessage: (db: Db, row: { rowid: number | bigint; text: string; space_id: string; ref_id: string; conversation_id: string }) =>
    db.prepare("INSERT INTO search_fts (rowid, text, space_id, kind, ref_id, conversation_id) VALUES (@rowid, @text, @space_id, 'message', @ref_id, @conversation_id)").run(row),
  /** Indexes a contact's name, phone, e-mail, company and tags (as SQLite has them now). */
  reindexContact: (db: Db, spaceId: string, contactId: string) => {
    const row = db.prepare('SELECT rowid, name, phone, email, company, tags FROM contacts WHERE space_id = ? AND id = ?').get(spaceId, contactId) as
      | { rowid: number; name: string; phone: string; email: string; company: string; tags: string }
      | undefined;
    if (!row) return;
    db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(-row.rowid);
    let tags: string[] = [];
    try {
      tags = JSON.parse(row.tags) as string[];
    } catch {
      // a malformed column indexes no tags
    }
    const text = [row.name, row.phone, row.email, row.company, ...tags].filter(Boolean).join(' ');
    db.prepare("INSERT INTO search_fts (rowid, text, space_id, kind, ref_id, conversation_id) VALUES (?, ?, ?, 'contact', ?, NULL)").run(-row.rowid, text, spaceId, contactId);
  },
  /** Contacts whose profile matches first (at most `contactsMax`), then messages, newest first. */
  query: (db: Db, match: string, limit: number, contactsMax = 10): SearchHit[] => {
    const page = (range: string, n: number) =>
      db
        .prepare(
          `SELECT kind, ref_id, conversation_id, snippet(search_fts, 0, char(2), char(3), '…', 12) AS snippet FROM search_fts
           WHERE search_fts MATCH ? AND ${range} ORDER BY rowid DESC LIMIT ?`,
        )
        .all(match, n) as Array<Omit<SearchHit, 'parts'>>;
    const found = page('rowid < 0', Math.min(contactsMax, limit));
    return [...found, ...page('rowid > 0', limit - found.length)].map((hit) => {
      const parts = snippetParts(hit.snippet);
      return { ...hit, snippet: parts.map((p) => p.text).join(''), parts };
    });
  },
};
