import { checkRemoval, type Role } from '../../shared/domain/permissions';
import { memberships } from '../db/spaces';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** Removes a member; their API tokens for this space stop working because membership is checked on every call. */
export function removeMember(deps: CommandDeps, input: { spaceId: string; actorRole: Role; userId: string }) {
  deps.db.transaction(() => {
    const targetRole = memberships.roleOf(deps.db, input.spaceId, input.userId);
    if (!targetRole) throw errors.notFound('This member');
    const refusal = checkRemoval({ actorRole: input.actorRole, targetRole, ownerCount: memberships.ownerCount(deps.db, input.spaceId) });
    if (refusal) throw errors.forbidden(refusal);
    memberships.remove(deps.db, input.spaceId, input.userId);
  })();
  deps.events.publish(input.spaceId, { type: 'members.changed' });
  // Their open sync sockets and event streams are closed, not just their next requests refused.
  deps.events.publishAccess({ userId: input.userId });
}
