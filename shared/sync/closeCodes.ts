/** WebSocket close codes of the sync server. y-websocket stops reconnecting on 4400–4499. */
export const CLOSE = {
  unauthorized: { code: 4401, reason: 'Sign in again to sync' },
  forbidden: { code: 4403, reason: 'You do not have access to this document' },
  badDocName: { code: 4404, reason: 'No such document' },
  /** The upgrade came from a page of another site (cross-site WebSocket hijacking). */
  badOrigin: { code: 4403, reason: 'Connections from other sites are refused' },
  /**
   * The server rebased this authority doc under a newer epoch: `Rebased e<epoch>` names it. The
   * client opens that room and drops its old copy once the new one has synced (client/sync/docs.ts).
   */
  rebased: { code: 4410, reason: 'Rebased' },
} as const;

/** The close reason naming the epoch a rebased doc moved to. */
export const rebasedReason = (epoch: number) => `Rebased e${epoch}`;
export const epochOfRebasedReason = (reason: string): number | null => {
  const m = /^Rebased e([0-9]{1,9})$/.exec(reason);
  return m ? Number(m[1]) : null;
};
