import type { Role } from '../../shared/domain/permissions';
import { canInviteAs } from '../../shared/domain/permissions';
import { hashSecret, newSecret } from '../auth/tokens';
import { newId } from '../db/ids';
import { invites } from '../db/invites';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** An invite link with a one-time secret; only its hash is stored, so the link is shown once. */
export function createInvite(
  deps: CommandDeps,
  input: { spaceId: string; actorId: string; actorRole: Role; role: Role; email?: string | undefined; ttlHours: number },
) {
  if (!canInviteAs(input.actorRole, input.role)) throw errors.forbidden('Only an owner can invite another owner.');
  const token = newSecret();
  const now = deps.now();
  const id = newId();
  const expiresAt = now + input.ttlHours * 3_600_000;
  deps.db.transaction(() =>
    invites.insert(deps.db, {
      id,
      space_id: input.spaceId,
      token_hash: hashSecret(token),
      role: input.role,
      email: input.email ?? null,
      created_by: input.actorId,
      created_at: now,
      expires_at: expiresAt,
    }),
  )();
  deps.events.publish(input.spaceId, { type: 'invites.changed' });
  return { id, token, path: `/invite/${token}`, role: input.role, expiresAt };
}
