/**
 * Who unassigned a conversation by hand (a member), until someone is assigned again: the backlog
 * sweep leaves such a conversation alone (a person's decision beats a workflow's).
 */
export const sql = `
ALTER TABLE conversations ADD COLUMN unassigned_by TEXT REFERENCES users(id);
`;
