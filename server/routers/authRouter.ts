import { loginInput } from '../../shared/schemas/authSchema';
import { clearSessionCookie, setSessionCookie } from '../auth/requestAuth';
import { login } from '../commands/login';
import { logout } from '../commands/logout';
import { spaces } from '../db/spaces';
import { authedProcedure, publicProcedure, router, sessionProcedure } from '../trpc/init';

export const authRouter = router({
  /** The signed-in user and their spaces with roles; null when signed out. */
  me: publicProcedure.query(({ ctx }) => {
    if (ctx.auth.kind !== 'session' && ctx.auth.kind !== 'token') return null;
    const all = spaces.forUser(ctx.db, ctx.auth.user.id);
    const visible = ctx.auth.kind === 'token' ? all.filter((s) => s.id === (ctx.auth as { spaceId: string }).spaceId) : all;
    return { user: ctx.auth.user, spaces: visible };
  }),
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const result = await login({ ...ctx, sessionTtlMs: ctx.config.sessionTtlMs }, { ...input, ip: ctx.ip });
    setSessionCookie(ctx.req, ctx.res, result.session.token, ctx.config.sessionTtlMs, ctx.config.secureCookies);
    return { user: result.user };
  }),
  logout: sessionProcedure.mutation(({ ctx }) => {
    logout(ctx, ctx.sessionHash);
    clearSessionCookie(ctx.res);
    return { ok: true };
  }),
  whoami: authedProcedure.query(({ ctx }) => ({ user: ctx.user, via: ctx.auth.kind })),
});
