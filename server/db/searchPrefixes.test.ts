import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './connection';
import { MIGRATIONS } from './migrations';
import { search, searchExpression } from './search';
import type { Db } from './connection';

describe('migration 24: search prefix indexes', () => {
  it('keeps every indexed row (rowids, columns) and finds them by prefix as before', () => {
    const db = new Database(':memory:') as unknown as Db;
    migrate(db, MIGRATIONS.filter((m) => m.version <= 23));
    const rows = [
      [1, 'My order is late', 's1', 'message', 'm1', 'c1'],
      [2, 'Where are my orders?', 's1', 'message', 'm2', 'c1'],
      [3, 'order in another space', 's2', 'message', 'm3', 'c9'],
      [-7, 'Ada Lovelace +44 20 ada@example.com', 's1', 'contact', 'k7', null],
    ] as const;
    const insert = db.prepare('INSERT INTO search_fts (rowid, text, space_id, kind, ref_id, conversation_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (const r of rows) insert.run(...r);
    migrate(db, MIGRATIONS);
    expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").get() as { sql: string }).sql).toContain("prefix = '2 3 4 5 6'");
    expect(db.prepare('SELECT rowid, text, space_id, kind, ref_id, conversation_id FROM search_fts ORDER BY rowid').all().map((r) => Object.values(r as object))).toEqual(
      [...rows].sort((a, b) => a[0] - b[0]).map((r) => [...r]),
    );
    const found = (typed: string) => search.query(db, searchExpression('s1', typed)!, 50).map((h) => h.ref_id);
    expect(found('ord')).toEqual(['m2', 'm1']);
    expect(found('order')).toEqual(['m2', 'm1']);
    expect(found('orders')).toEqual(['m2']);
    expect(found('ada lov')).toEqual(['k7']);
    expect(found('late ord')).toEqual(['m1']);
    // Still one space at a time, and new rows are indexed with their prefixes.
    search.indexMessage(db, { rowid: 4, text: 'Ordering again', space_id: 's1', ref_id: 'm4', conversation_id: 'c2' });
    expect(found('orde')).toEqual(['m4', 'm2', 'm1']);
  });
});
