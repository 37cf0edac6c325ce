import { checkRoleChange, type Role } from '../../shared/domain/permissions';
import { memberships } from '../db/spaces';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export function changeRole(deps: CommandDeps, input: { spaceId: string; actorRole: Role; userId: string; role: Role }) {
  deps.db.transaction(() => {
    const targetRole = memberships.roleOf(deps.db, input.spaceId, input.userId);
    if (!targetRole) throw errors.notFound('This member');
    const refusal = checkRoleChange({
      actorRole: input.actorRole,
      targetRole,
      newRole: input.role,
      ownerCount: memberships.ownerCount(deps.db, input.spaceId),
    });
    if (refusal) throw errors.forbidden(refusal);
    memberships.setRole(deps.db, input.spaceId, input.userId, input.role);
  })();
  deps.events.publish(input.spaceId, { type: 'members.changed' });
  deps.events.publishAccess({ userId: input.userId });
  return { userId: input.userId, role: input.role };
}
