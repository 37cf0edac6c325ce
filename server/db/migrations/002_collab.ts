/** Yjs persistence: an append-only update log per doc, compacted into one snapshot row. */
export const sql = `
CREATE TABLE ydoc_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ydoc_updates_doc ON ydoc_updates(doc, id);
`;
