/**
 * Secrets of this Kaon installation itself (not of a space or channel): e.g. the key that signs
 * expiring file links for providers. Created on first use, never sent to any client.
 */
export const sql = `
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;
