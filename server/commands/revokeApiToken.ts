import { apiTokens } from '../db/apiTokens';
import { errors } from '../errors';
import type { CommandDeps } from './types';

export function revokeApiToken(deps: CommandDeps, spaceId: string, tokenId: string) {
  deps.db.transaction(() => {
    const row = apiTokens.inSpace(deps.db, spaceId, tokenId);
    if (!row || row.revoked_at !== null) throw errors.notFound('This API token');
    apiTokens.revoke(deps.db, tokenId, deps.now());
  })();
  deps.events.publish(spaceId, { type: 'apiTokens.changed' });
}
