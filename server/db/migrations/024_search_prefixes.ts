/**
 * Search prefixes (#11): every word a person types is matched as a prefix ("order" finds
 * "orders"), and FTS5 answers a prefix query without a prefix index by merging the whole doclist
 * of every word that starts with it — for a common word, work in proportion to every message
 * ever indexed (tens of ms at 1M messages, growing). Prefix indexes of 2–6 characters make such a
 * query read one doclist newest first and stop at the page's end, like a plain word. Longer
 * prefixes are rarer words. The table is rebuilt with its rows as they are (rowids kept).
 */
export const sql = `
CREATE VIRTUAL TABLE search_fts_next USING fts5(text, space_id, kind UNINDEXED, ref_id UNINDEXED, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6');
INSERT INTO search_fts_next (rowid, text, space_id, kind, ref_id, conversation_id) SELECT rowid, text, space_id, kind, ref_id, conversation_id FROM search_fts;
DROP TABLE search_fts;
ALTER TABLE search_fts_next RENAME TO search_fts;
`;
