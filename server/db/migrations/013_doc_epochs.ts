/**
 * Authority docs are rebased under epochs (docs/ARCHITECTURE.md, Authority docs stay small): the
 * current epoch of each rebased doc. A doc without a row is at epoch 0 (its bare name).
 */
export const sql = `
CREATE TABLE doc_epochs (
  doc TEXT PRIMARY KEY,
  epoch INTEGER NOT NULL CHECK (epoch > 0)
) WITHOUT ROWID;
`;
