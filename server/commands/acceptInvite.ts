import { startSession, type AuthUser } from '../auth/requestAuth';
import { hashSecret } from '../auth/tokens';
import type { Db } from '../db/connection';
import { newId } from '../db/ids';
import { invites, type InviteRow } from '../db/invites';
import { memberships, spaces } from '../db/spaces';
import { users } from '../db/users';
import { errors } from '../errors';
import { checkPassword, hashUnderLimit, type LoginDeps } from './login';
import type { CommandDeps } from './commandDeps';

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
 * (and gets a session). A visitor whose e-mail already has an account joins as that account
 * when the password is its own, and otherwise gets the sign-in's "Wrong e-mail or password"
 * (counted like a failed sign-in): the answer never says that an account exists.
 * The invite is marked used in the same transaction as the membership.
 */
export async function acceptInvite(
  deps: LoginDeps,
  input: { token: string; user: AuthUser | null; account?: Account | undefined; ip: string },
) {
  const first = usableInvite(deps.db, input.token, deps.now());
  if (!input.user && !input.account) throw errors.inviteNeedsAccount();
  const email = input.user?.email ?? input.account!.email;
  if (first.email && first.email !== email) throw errors.inviteWrongEmail();
  let existing: AuthUser | null = null;
  let passwordHash: string | null = null;
  if (!input.user) {
    const account = input.account!;
    if (users.byEmail(deps.db, account.email)) {
      const user = await checkPassword(deps, { email: account.email, password: account.password, ip: input.ip });
      existing = { id: user.id, email: user.email, name: user.name };
    } else passwordHash = await hashUnderLimit(deps, account.password);
  }

  const result = deps.db.transaction(() => {
    const now = deps.now();
    const invite = usableInvite(deps.db, input.token, now);
    let userId: string | undefined = input.user?.id;
    let session: { token: string; expiresAt: number } | null = null;
    if (existing) {
      userId = existing.id;
      if (memberships.roleOf(deps.db, invite.space_id, userId)) throw errors.alreadyMember();
      session = startSession(deps.db, existing.id, now, deps.sessionTtlMs);
    } else if (!userId) {
      const account = input.account!;
      // Created between the check and now (a race): as if it had existed, without checking twice.
      if (users.byEmail(deps.db, account.email)) throw errors.badCredentials();
      userId = newId();
      users.insert(deps.db, { id: userId, email: account.email, name: account.name, password_hash: passwordHash!, created_at: now });
      session = startSession(deps.db, userId, now, deps.sessionTtlMs);
    } else if (memberships.roleOf(deps.db, invite.space_id, userId)) {
      throw errors.alreadyMember();
    }
    if (!userId) throw errors.inviteNeedsAccount();
    if (!invites.markUsed(deps.db, invite.id, userId, now)) throw errors.inviteUsed();
    memberships.insert(deps.db, invite.space_id, userId, invite.role, now);
    return { spaceId: invite.space_id, role: invite.role, userId, session };
  })();
  deps.events.publish(result.spaceId, { type: 'members.changed' });
  deps.events.publish(result.spaceId, { type: 'invites.changed' });
  return result;
}
