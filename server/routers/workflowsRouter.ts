import { z } from 'zod';
import { runWorkflows } from '../../shared/domain/workflowEngine';
import { describeAction } from '../../shared/domain/workflowActions';
import type { ActionResult } from '../../shared/domain/workflowTypes';
import { businessHoursInput, workflowDryRunInput, workflowIdInput, workflowReorderInput, workflowSaveInput } from '../../shared/schemas/workflowsSchema';
import { spaceInput } from '../../shared/schemas/commonSchema';
import { deleteWorkflow, reorderWorkflows, saveWorkflow, setWorkflowEnabled } from '../commands/saveWorkflow';
import { conversations, messages } from '../db/conversations';
import { businessHours, workflowRuns, workflows } from '../db/workflows';
import { memberships } from '../db/spaces';
import { users } from '../db/users';
import { errors } from '../errors';
import { allowed, router } from '../trpc/init';
import { availableForWork, factsFor } from '../workflows/run';
import { setBusinessHours } from '../commands/setBusinessHours';

/** Workflows are owners' and managers' business: every procedure here needs workflows.manage. */
const manage = allowed('workflows.manage');

export const workflowsRouter = router({
  list: manage.query(({ ctx }) => workflows.list(ctx.db, ctx.spaceId)),
  save: manage.input(workflowSaveInput).mutation(({ ctx, input }) => saveWorkflow(ctx, { ...input, spaceId: ctx.spaceId })),
  setEnabled: manage.input(workflowIdInput.extend({ enabled: z.boolean() })).mutation(({ ctx, input }) => {
    // Only the switch changes: a workflow naming a member who left can still be turned off.
    return setWorkflowEnabled(ctx, ctx.spaceId, input.workflowId, input.enabled);
  }),
  delete: manage.input(workflowIdInput).mutation(({ ctx, input }) => {
    deleteWorkflow(ctx, ctx.spaceId, input.workflowId);
    return { ok: true };
  }),
  reorder: manage.input(workflowReorderInput).mutation(({ ctx, input }) => reorderWorkflows(ctx, ctx.spaceId, input.order)),
  /** The run log: every time the workflow was considered, what matched, what it did or why not. */
  runs: manage.input(workflowIdInput).query(({ ctx, input }) => {
    if (!workflows.inSpace(ctx.db, ctx.spaceId, input.workflowId)) throw errors.notFound('This workflow');
    // The log speaks in names: the contact of the conversation, and each action in words with the
    // member it assigned ("assigned this to Bob Agent"), also for someone who has left the space.
    const names = new Map<string, string>();
    const nameOf = (userId: string) => {
      if (!names.has(userId)) names.set(userId, users.byId(ctx.db, userId)?.name ?? 'a former member');
      return names.get(userId)!;
    };
    return workflowRuns.forWorkflow(ctx.db, input.workflowId, 50).map((run) => ({
      ...run,
      did: run.matched ? ((run.detail as { actions?: ActionResult[] }).actions ?? []).map((a) => describeAction(a, nameOf)) : [],
    }));
  }),
  /** What a workflow would do on a sample conversation right now; nothing is changed. */
  dryRun: manage.input(workflowDryRunInput).query(({ ctx, input }) => {
    const conv = conversations.inSpace(ctx.db, ctx.spaceId, input.conversationId);
    if (!conv) throw errors.notFound('This conversation');
    const saved = input.workflowId ? workflows.inSpace(ctx.db, ctx.spaceId, input.workflowId) : undefined;
    if (input.workflowId && !saved) throw errors.notFound('This workflow');
    const definition = input.definition ?? saved!;
    const last = messages.forConversation(ctx.db, conv.id).filter((m) => m.direction === 'in').at(-1);
    // A dry run tries the workflow even while it is disabled: that is when one wants to try it.
    const dry = { ...definition, id: saved?.id ?? 'dry-run', name: saved?.name ?? 'Dry run', enabled: true, position: 0 };
    return runWorkflows([dry], factsFor(ctx.db, ctx.presence, conv, { trigger: definition.trigger, now: ctx.now(), messageText: last?.body ?? null }))[0]!;
  }),
  businessHours: allowed('space.view').query(({ ctx }) => businessHours.get(ctx.db, ctx.spaceId)),
  setBusinessHours: allowed('settings.manage')
    .input(spaceInput.extend({ hours: businessHoursInput.nullable() }))
    .mutation(({ ctx, input }) => setBusinessHours(ctx, ctx.spaceId, input.hours)),
  /** Who is online now (members with the app open who are not away), for the builder's online-only hints. */
  online: allowed('space.view').query(({ ctx }) => memberships.list(ctx.db, ctx.spaceId).filter((m) => availableForWork(ctx.presence, ctx.spaceId, m)).map((m) => m.user_id)),
});
