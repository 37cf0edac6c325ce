import type { MemberStatus } from '../../shared/schemas/authSchema';
import { memberships } from '../db/spaces';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * A member sets their own status in a space. Away: workflows' online-only assignment skips them
 * even while their app is open. Back online with the app open: the backlog sweep offers them what
 * waited, as when they open the app (`member.online`).
 */
export function setMemberStatus(deps: CommandDeps, input: { spaceId: string; userId: string; status: MemberStatus }) {
  const changed = deps.db.transaction(() => {
    const before = memberships.statusOf(deps.db, input.spaceId, input.userId);
    if (!before) throw errors.notFound('This member');
    if (before === input.status) return false;
    memberships.setStatus(deps.db, input.spaceId, input.userId, input.status);
    return true;
  })();
  if (changed) {
    deps.events.publish(input.spaceId, { type: 'members.changed' });
    if (input.status === 'online' && deps.presence.isOnline(input.spaceId, input.userId)) deps.events.publish(input.spaceId, { type: 'member.online', userId: input.userId });
  }
  return { status: input.status };
}
