import { memberRemoveInput, memberRoleInput, memberStatusInput } from '../../shared/schemas/authSchema';
import { changeRole } from '../commands/changeRole';
import { removeMember } from '../commands/removeMember';
import { setMemberStatus } from '../commands/setMemberStatus';
import { memberships } from '../db/spaces';
import { allowed, memberProcedure, router } from '../trpc/init';

export const membersRouter = router({
  list: memberProcedure.query(({ ctx }) =>
    memberships.list(ctx.db, ctx.spaceId).map((m) => ({ userId: m.user_id, name: m.name, email: m.email, role: m.role, status: m.status, joinedAt: m.created_at })),
  ),
  /** The caller's own status in the space (online / away); away members are skipped by online-only assignment. */
  setStatus: memberProcedure.input(memberStatusInput).mutation(({ ctx, input }) => setMemberStatus(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, status: input.status })),
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
