import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../auth/tokens';
import { apiTokens } from '../db/apiTokens';
import { newId } from '../db/ids';
import type { CommandDeps } from './commandDeps';

/** A token that acts as its creator in one space. The secret is returned once and stored hashed. */
export function createApiToken(deps: CommandDeps, input: { spaceId: string; userId: string; name: string }) {
  const token = newSecret(API_TOKEN_PREFIX);
  const id = newId();
  const now = deps.now();
  deps.db.transaction(() =>
    apiTokens.insert(deps.db, { id, space_id: input.spaceId, user_id: input.userId, name: input.name, token_hash: hashSecret(token), created_at: now }),
  )();
  deps.events.publish(input.spaceId, { type: 'apiTokens.changed' });
  return { id, name: input.name, token };
}
