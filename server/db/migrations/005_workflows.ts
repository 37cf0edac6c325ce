/** Workflows (automatic assignment and more), their run log, and the space's business hours. */
export const sql = `
ALTER TABLE spaces ADD COLUMN business_hours TEXT;
CREATE TABLE workflows (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL,
  definition TEXT NOT NULL,
  round_robin_last TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX workflows_space ON workflows(space_id, position);
CREATE TABLE workflow_runs (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  conversation_id TEXT REFERENCES conversations(id) ON DELETE CASCADE,
  trigger TEXT NOT NULL,
  matched INTEGER NOT NULL,
  detail TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX workflow_runs_workflow ON workflow_runs(workflow_id, created_at);
`;
