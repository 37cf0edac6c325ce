import { apiTokens } from '../db/apiTokens';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export function revokeApiToken(deps: CommandDeps, spaceId: string, tokenId: string) {
  const userId = deps.db.transaction(() => {
    const row = apiTokens.inSpace(deps.db, spaceId, tokenId);
    if (!row || row.revoked_at !== null) throw errors.notFound('This API token');
    apiTokens.revoke(deps.db, tokenId, deps.now());
    return row.user_id;
  })();
  deps.events.publish(spaceId, { type: 'apiTokens.changed' });
  // Streams the token opened end now (server/auth/liveAccess.ts).
  deps.events.publishAccess({ userId });
}
