import { slaDeleteInput, slaReorderInput, slaSaveInput } from '../../shared/schemas/slaSchema';
import { deleteSlaPolicy } from '../commands/deleteSlaPolicy';
import { reorderSlaPolicies } from '../commands/reorderSlaPolicies';
import { saveSlaPolicy } from '../commands/saveSlaPolicy';
import { slaPolicies } from '../db/sla';
import { allowed, memberProcedure, router } from '../trpc/init';

/** SLA policies: every member reads them (the queue names the targets); owners and managers change them. */
export const slaRouter = router({
  list: memberProcedure.query(({ ctx }) => slaPolicies.inSpace(ctx.db, ctx.spaceId)),
  save: allowed('sla.manage')
    .input(slaSaveInput)
    .mutation(({ ctx, input }) => saveSlaPolicy(ctx, input)),
  delete: allowed('sla.manage')
    .input(slaDeleteInput)
    .mutation(({ ctx, input }) => deleteSlaPolicy(ctx, ctx.spaceId, input.policyId)),
  reorder: allowed('sla.manage')
    .input(slaReorderInput)
    .mutation(({ ctx, input }) => reorderSlaPolicies(ctx, ctx.spaceId, input.policyIds)),
});
