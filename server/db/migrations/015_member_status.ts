/**
 * A member's own status per space: 'online' (the default) or 'away'. Away members are left out
 * of workflows' online-only assignment even with the app open. Kept in SQLite, not in memory, so
 * an agent who stepped away stays away across reloads and server restarts.
 */
export const sql = `
ALTER TABLE memberships ADD COLUMN status TEXT NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'away'));
`;
