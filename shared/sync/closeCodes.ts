/** WebSocket close codes of the sync server. y-websocket stops reconnecting on 4400–4499. */
export const CLOSE = {
  unauthorized: { code: 4401, reason: 'Sign in again to sync' },
  forbidden: { code: 4403, reason: 'You do not have access to this document' },
  badDocName: { code: 4404, reason: 'No such document' },
  /** The upgrade came from a page of another site (cross-site WebSocket hijacking). */
  badOrigin: { code: 4403, reason: 'Connections from other sites are refused' },
} as const;
