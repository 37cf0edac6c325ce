import { setupInput } from '../../shared/schemas/authSchema';
import { setupOwner } from '../commands/setupOwner';
import { setSessionCookie } from '../auth/requestAuth';
import { users } from '../db/users';
import { publicProcedure, router } from '../trpc/init';

export const setupRouter = router({
  /** With no users yet, the app shows the setup screen. */
  status: publicProcedure.query(({ ctx }) => ({ needsSetup: users.count(ctx.db) === 0 })),
  create: publicProcedure.input(setupInput).mutation(async ({ ctx, input }) => {
    const result = await setupOwner({ ...ctx, sessionTtlMs: ctx.config.sessionTtlMs }, input);
    setSessionCookie(ctx.req, ctx.res, result.session.token, ctx.config.sessionTtlMs, ctx.config.secureCookies);
    return { space: result.space };
  }),
});
