import { tracked } from '@trpc/server';
import { can, type Role } from '../../shared/domain/permissions';
import { createSpaceInput, renameSpaceInput } from '../../shared/schemas/authSchema';
import { createSpace } from '../commands/createSpace';
import { renameSpace } from '../commands/renameSpace';
import { grantOf, watchAccess } from '../auth/liveAccess';
import { memberships, spaces } from '../db/spaces';
import { INTERNAL_EVENTS } from '../events';
import { allowed, memberProcedure, router, sessionProcedure } from '../trpc/init';

export const spacesRouter = router({
  get: memberProcedure.query(({ ctx }) => ({ ...spaces.byId(ctx.db, ctx.spaceId)!, role: ctx.role })),
  create: sessionProcedure.input(createSpaceInput).mutation(({ ctx, input }) => createSpace(ctx, ctx.user.id, input.name)),
  rename: allowed('space.rename').input(renameSpaceInput).mutation(({ ctx, input }) => renameSpace(ctx, ctx.spaceId, input.name)),
  /** Live changes in a space (SSE): the client refetches what an event names. */
  events: memberProcedure.subscription(async function* ({ ctx, signal }) {
    let n = 0;
    // A member with the app open is online (for workflows' online-only assignment).
    const leave = ctx.auth.kind === 'session' ? ctx.presence.connect(ctx.spaceId, ctx.user.id) : () => undefined;
    // The stream outlives the request that was authorized: it ends as soon as the member is
    // removed, signs out, their session expires or the API token is revoked (within a second).
    const revoked = new AbortController();
    const grant = grantOf(ctx.auth, ctx.spaceId);
    const stopWatching = grant ? watchAccess(ctx, grant, () => revoked.abort()) : () => revoked.abort();
    try {
      const until = signal ? AbortSignal.any([signal, revoked.signal]) : revoked.signal;
      for await (const event of ctx.events.subscribe(ctx.spaceId, until)) {
        // A member removed while subscribed hears only that their membership changed, then nothing more.
        const role = memberships.roleOf(ctx.db, ctx.spaceId, ctx.user.id) as Role | undefined;
        if (!role) break;
        // Webhook news (a delivery per event of the inbox) is for those who manage webhooks only.
        if ((event.type === 'webhooks.changed' || event.type === 'webhookDeliveries.changed') && !can(role, 'webhooks.manage')) continue;
        if (!INTERNAL_EVENTS.has(event.type)) yield tracked(String(++n), event);
      }
    } catch (err) {
      if (!revoked.signal.aborted) throw err;
    } finally {
      stopWatching();
      leave();
    }
    // Cut off: the last word says to refetch (which then tells the client it is out or signed out).
    yield tracked(String(++n), { type: 'members.changed' } as const);
  }),
});
