import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import { can, type Action, type Role } from '../../shared/domain/permissions';
import { spaceInput } from '../../shared/schemas/commonSchema';
import { memberships } from '../db/spaces';
import { errors, StaleVersion } from '../errors';
import type { Context } from './context';

const t = initTRPC.context<Context>().create({
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
  errorFormatter({ shape, error }) {
    // Bad input names the field: "email: Enter a valid e-mail address".
    const zod = error.cause instanceof ZodError ? error.cause : null;
    // An unexpected error never shows its internals (SQL, stack) to the user; the server log has them.
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const message = internal
      ? 'Something went wrong on the server. Try again; if it keeps happening, tell your Kaon admin.'
      : zod
        ? zod.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ') : shape.message;
    const { stack: _stack, ...data } = shape.data;
    const current = error.cause instanceof StaleVersion ? error.cause.current : undefined;
    return { ...shape, message, data: { ...data, fields: zod ? z.flattenError(zod).fieldErrors : undefined, current } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure: its commands joined the server's commit group (conversations/transaction.ts),
 * so it answers once that shared commit is done (and any group still open, which holds whatever
 * it wrote outside transact); a failed commit answers as a server error.
 */
export const publicProcedure = t.procedure.use(async ({ ctx, next }) => {
  const result = await next();
  if (ctx.commit.pending) await ctx.commit.pending;
  // Writes made outside transact (commands with their own db.transaction) are in the open group.
  const open = ctx.commits.pending();
  if (open) await open;
  return result;
});

/** Signed in by session cookie or API token. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.auth.kind === 'badToken') throw errors.badApiToken();
  if (ctx.auth.kind === 'none') throw errors.notSignedIn();
  return next({ ctx: { ...ctx, user: ctx.auth.user } });
});

/** Signed in with a browser session; API tokens cannot manage accounts or create spaces. */
export const sessionProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.auth.kind !== 'session') throw errors.tokenCannotDo();
  return next({ ctx: { ...ctx, sessionHash: ctx.auth.sessionHash } });
});

/**
 * A member of the space named by `input.spaceId`. Anything else is NOT_FOUND, so callers cannot
 * tell a space they are not in from one that does not exist. A token works only in its own space.
 */
export const memberProcedure = authedProcedure.input(spaceInput).use(({ ctx, input, next }) => {
  const role = memberships.roleOf(ctx.db, input.spaceId, ctx.user.id);
  if (!role || (ctx.auth.kind === 'token' && ctx.auth.spaceId !== input.spaceId)) throw errors.notFound('This space');
  return next({ ctx: { ...ctx, spaceId: input.spaceId, role: role as Role } });
});

/** A member whose role may perform `action` (the matrix in shared/domain/permissions). */
export function allowed(action: Action) {
  return memberProcedure.use(({ ctx, next }) => {
    if (!can(ctx.role, action)) throw errors.roleRequired();
    return next();
  });
}
