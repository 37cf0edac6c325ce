import { invites } from '../db/invites';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export function revokeInvite(deps: CommandDeps, spaceId: string, inviteId: string) {
  deps.db.transaction(() => {
    const invite = invites.inSpace(deps.db, spaceId, inviteId);
    if (!invite) throw errors.notFound('This invite');
    invites.revoke(deps.db, inviteId, deps.now());
  })();
  deps.events.publish(spaceId, { type: 'invites.changed' });
}
