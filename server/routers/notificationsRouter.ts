import { markReadInput } from '../../shared/schemas/notificationsSchema';
import { markAllNotificationsRead } from '../commands/markAllNotificationsRead';
import { markNotificationsRead } from '../commands/markNotificationsRead';
import { memberProcedure, router } from '../trpc/init';

/** A member's own notifications (the list itself is their read-only inbox doc). */
export const notificationsRouter = router({
  markRead: memberProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, ids: input.ids })),
  markAllRead: memberProcedure.mutation(({ ctx }) => markAllNotificationsRead(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id })),
});
