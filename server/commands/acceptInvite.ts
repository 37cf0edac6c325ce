import { hashPassword } from '../auth/passwords';
import { startSession, type AuthUser } from '../auth/sessions';
import { hashSecret } from '../auth/tokens';
import type { Db } from '../db/connection';
import { newId } from '../db/ids';
import { invites, type InviteRow } from '../db/invites';
import { memberships, spaces } from '../db/spaces';
import { users } from '../db/users';
import { errors } from '../errors';
import type { CommandDeps } from './types';

/** The invite behind a link, or the error that explains why it cannot be used. */
export function usableInvite(db: Db, token: string, now: number): InviteRow {
  const invite = invites.byHash(db, hashSecret(token));
  if (!invite || invite.revoked_at !== null) throw errors.inviteInvalid();
  if (invite.used_at !== null) throw errors.inviteUsed();
  if (invite.expires_at <= now) throw errors.inviteExpired();
  return invite;
}

/** What the accept screen shows before the visitor commits: space, role, addressee. */
export function previewInvite(deps: CommandDeps, token: string) {
  const invite = usableInvite(deps.db, token, deps.now());
  const space = spaces.byId(deps.db, invite.space_id);
  if (!space) throw errors.inviteInvalid();
  return { spaceName: space.name, role: invite.role, email: invite.email, expiresAt: invite.expires_at };
}

type Account = { name: string; email: string; password: string };

/**
 * Joins the invite's space. A signed-in user joins as themself; a visitor creates an account
 * (and gets a session). The invite is marked used in the same transaction as the membership.
 */
export async function acceptInvite(
  deps: CommandDeps & { sessionTtlMs: number },
  input: { token: string; user: AuthUser | null; account?: Account | undefined },
) {
  const first = usableInvite(deps.db, input.token, deps.now());
  if (!input.user && !input.account) throw errors.inviteNeedsAccount();
  const email = input.user?.email ?? input.account!.email;
  if (first.email && first.email !== email) throw errors.inviteWrongEmail();
  const passwordHash = input.user ? null : await hashPassword(input.account!.password);

  const result = deps.db.transaction(() => {
    const now = deps.now();
    const invite = usableInvite(deps.db, input.token, now);
    let userId = input.user?.id;
    let session: { token: string; expiresAt: number } | null = null;
    if (!userId) {
      const account = input.account!;
      if (users.byEmail(deps.db, account.email)) throw errors.emailTaken();
      userId = newId();
      users.insert(deps.db, { id: userId, email: account.email, name: account.name, password_hash: passwordHash!, created_at: now });
      session = startSession(deps.db, userId, now, deps.sessionTtlMs);
    } else if (memberships.roleOf(deps.db, invite.space_id, userId)) {
      throw errors.alreadyMember();
    }
    if (!invites.markUsed(deps.db, invite.id, userId, now)) throw errors.inviteUsed();
    memberships.insert(deps.db, invite.space_id, userId, invite.role, now);
    return { spaceId: invite.space_id, role: invite.role, userId, session };
  })();
  deps.events.publish(result.spaceId, { type: 'members.changed' });
  deps.events.publish(result.spaceId, { type: 'invites.changed' });
  return result;
}
