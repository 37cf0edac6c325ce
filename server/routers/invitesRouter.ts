import { inviteAcceptInput, inviteCreateInput, inviteRevokeInput, inviteTokenInput } from '../../shared/schemas/authSchema';
import { setSessionCookie } from '../auth/requestAuth';
import { acceptInvite, previewInvite } from '../commands/acceptInvite';
import { createInvite } from '../commands/createInvite';
import { revokeInvite } from '../commands/revokeInvite';
import { invites } from '../db/invites';
import { errors } from '../errors';
import { allowed, publicProcedure, router } from '../trpc/init';

export const invitesRouter = router({
  create: allowed('members.invite')
    .input(inviteCreateInput)
    .mutation(({ ctx, input }) =>
      createInvite(ctx, { spaceId: ctx.spaceId, actorId: ctx.user.id, actorRole: ctx.role, role: input.role, email: input.email, ttlHours: input.ttlHours }),
    ),
  /** Pending invites; the secret itself is never listed (only its hash is stored). */
  list: allowed('members.invite').query(({ ctx }) =>
    invites.pending(ctx.db, ctx.spaceId, ctx.now()).map((i) => ({ id: i.id, role: i.role, email: i.email, createdAt: i.created_at, expiresAt: i.expires_at })),
  ),
  revoke: allowed('members.invite')
    .input(inviteRevokeInput)
    .mutation(({ ctx, input }) => {
      revokeInvite(ctx, ctx.spaceId, input.inviteId);
      return { ok: true };
    }),
  preview: publicProcedure.input(inviteTokenInput).query(({ ctx, input }) => ({
    ...previewInvite(ctx, input.token),
    signedInAs: ctx.auth.kind === 'session' ? ctx.auth.user.email : null,
  })),
  accept: publicProcedure.input(inviteAcceptInput).mutation(async ({ ctx, input }) => {
    if (ctx.auth.kind === 'token') throw errors.tokenCannotDo();
    if (ctx.auth.kind === 'badToken') throw errors.badApiToken();
    const user = ctx.auth.kind === 'session' ? ctx.auth.user : null;
    const result = await acceptInvite({ ...ctx, sessionTtlMs: ctx.config.sessionTtlMs }, { token: input.token, user, account: input.account, ip: ctx.ip });
    if (result.session) setSessionCookie(ctx.req, ctx.res, result.session.token, ctx.config.sessionTtlMs, ctx.config.secureCookies);
    return { spaceId: result.spaceId, role: result.role };
  }),
});
