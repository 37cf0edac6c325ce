import { memberRemoveInput, memberRoleInput } from '../../shared/schemas/authSchema';
import { changeRole } from '../commands/changeRole';
import { removeMember } from '../commands/removeMember';
import { memberships } from '../db/spaces';
import { allowed, memberProcedure, router } from '../trpc/init';

export const membersRouter = router({
  list: memberProcedure.query(({ ctx }) =>
    memberships.list(ctx.db, ctx.spaceId).map((m) => ({ userId: m.user_id, name: m.name, email: m.email, role: m.role, joinedAt: m.created_at })),
  ),
  setRole: allowed('members.changeRole')
    .input(memberRoleInput)
    .mutation(({ ctx, input }) => changeRole(ctx, { spaceId: ctx.spaceId, actorRole: ctx.role, userId: input.userId, role: input.role })),
  remove: allowed('members.remove')
    .input(memberRemoveInput)
    .mutation(({ ctx, input }) => {
      removeMember(ctx, { spaceId: ctx.spaceId, actorRole: ctx.role, userId: input.userId });
      return { ok: true };
    }),
});
