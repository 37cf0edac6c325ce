import { reportCsvInput, reportInput } from '../../shared/schemas/reportsSchema';
import { reportCsv } from '../reports/csv';
import { allReports, reportScope } from '../reports/reports';
import { memberProcedure, router } from '../trpc/init';

/** The Reports module: owners and managers see the team, agents their own numbers (reportScope decides). Reads only. */
export const reportsRouter = router({
  summary: memberProcedure
    .input(reportInput)
    .query(({ ctx, input }) => allReports(ctx.db, reportScope(ctx.db, { ...input, spaceId: ctx.spaceId, viewer: { userId: ctx.user.id, role: ctx.role } }))),
  csv: memberProcedure
    .input(reportCsvInput)
    .query(({ ctx, input }) => reportCsv(ctx.db, reportScope(ctx.db, { ...input, spaceId: ctx.spaceId, viewer: { userId: ctx.user.id, role: ctx.role } }), input.report)),
});
