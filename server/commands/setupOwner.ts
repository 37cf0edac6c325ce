import type { SetupInput } from '../../shared/schemas/authSchema';
import { startSession } from '../auth/requestAuth';
import { newId } from '../db/ids';
import { users } from '../db/users';
import { errors } from '../errors';
import { insertSpace } from './createSpace';
import { hashUnderLimit, type LoginDeps } from './login';
import type { CommandDeps } from './commandDeps';

/**
 * First run: creates the owner account and the first space, and signs the owner in.
 * The "no users yet" check runs inside the transaction, so two racing setups cannot both win.
 */
export async function setupOwner(deps: CommandDeps & { sessionTtlMs: number } & Pick<LoginDeps, 'limits'>, input: SetupInput) {
  if (users.count(deps.db) > 0) throw errors.setupClosed();
  const passwordHash = await hashUnderLimit(deps, input.password);
  return deps.db.transaction(() => {
    if (users.count(deps.db) > 0) throw errors.setupClosed();
    const now = deps.now();
    const userId = newId();
    users.insert(deps.db, { id: userId, email: input.email, name: input.name, password_hash: passwordHash, created_at: now });
    const space = insertSpace(deps.db, input.spaceName, userId, now);
    const session = startSession(deps.db, userId, now, deps.sessionTtlMs);
    return { userId, space, session };
  })();
}
