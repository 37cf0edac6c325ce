/** Snippet attachments: files of the snippet's space, in the order the composer attaches them. */
export const sql = `
CREATE TABLE snippet_files (
  snippet_id TEXT NOT NULL REFERENCES snippets(id) ON DELETE CASCADE,
  file_id TEXT NOT NULL REFERENCES files(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (snippet_id, file_id)
);
CREATE INDEX snippet_files_file ON snippet_files(file_id);
`;
