import type { WorkflowDefinition } from '../../shared/domain/workflowEngine';
import { newId } from '../db/ids';
import { memberships } from '../db/spaces';
import { snippets } from '../db/snippets';
import { workflows } from '../db/workflows';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** Members and snippets a definition names must be this space's: a clear error names the action. */
function checkReferences(deps: CommandDeps, spaceId: string, definition: WorkflowDefinition) {
  definition.actions.forEach((a, i) => {
    const users = a.kind === 'assign' ? [a.userId] : a.kind === 'roundRobin' || a.kind === 'leastOpen' ? a.pool.userIds : [];
    for (const userId of users) {
      if (!memberships.roleOf(deps.db, spaceId, userId)) throw errors.badRequest(`actions.${i}: a member in this action is not in this space.`);
    }
    if (a.kind === 'sendSnippet' && !snippets.inSpace(deps.db, spaceId, a.snippetId)) throw errors.badRequest(`actions.${i}: this snippet does not exist.`);
  });
}

export function saveWorkflow(
  deps: CommandDeps,
  input: { spaceId: string; workflowId?: string | undefined; name: string; enabled: boolean; definition: WorkflowDefinition },
) {
  const id = deps.db.transaction(() => {
    checkReferences(deps, input.spaceId, input.definition);
    const now = deps.now();
    if (input.workflowId) {
      if (!workflows.inSpace(deps.db, input.spaceId, input.workflowId)) throw errors.notFound('This workflow');
      workflows.update(deps.db, input.workflowId, input, now);
      return input.workflowId;
    }
    const newIdValue = newId();
    workflows.insert(deps.db, { id: newIdValue, space_id: input.spaceId, name: input.name, enabled: input.enabled, position: workflows.nextPosition(deps.db, input.spaceId), definition: input.definition, now });
    return newIdValue;
  })();
  deps.events.publish(input.spaceId, { type: 'workflows.changed' });
  return workflows.inSpace(deps.db, input.spaceId, id)!;
}

export function setWorkflowEnabled(deps: CommandDeps, spaceId: string, workflowId: string, enabled: boolean) {
  deps.db.transaction(() => {
    if (!workflows.inSpace(deps.db, spaceId, workflowId)) throw errors.notFound('This workflow');
    workflows.setEnabled(deps.db, workflowId, enabled, deps.now());
  })();
  deps.events.publish(spaceId, { type: 'workflows.changed' });
  return workflows.inSpace(deps.db, spaceId, workflowId)!;
}

export function deleteWorkflow(deps: CommandDeps, spaceId: string, workflowId: string) {
  deps.db.transaction(() => {
    if (!workflows.inSpace(deps.db, spaceId, workflowId)) throw errors.notFound('This workflow');
    workflows.delete(deps.db, workflowId);
  })();
  deps.events.publish(spaceId, { type: 'workflows.changed' });
}

/** The new order must name every workflow of the space exactly once. */
export function reorderWorkflows(deps: CommandDeps, spaceId: string, order: readonly string[]) {
  deps.db.transaction(() => {
    const ids = workflows.list(deps.db, spaceId).map((w) => w.id);
    if (order.length !== ids.length || new Set(order).size !== order.length || !order.every((id) => ids.includes(id))) {
      throw errors.badRequest('order: list every workflow of this space exactly once.');
    }
    order.forEach((id, position) => workflows.setPosition(deps.db, id, position));
  })();
  deps.events.publish(spaceId, { type: 'workflows.changed' });
  return workflows.list(deps.db, spaceId);
}
