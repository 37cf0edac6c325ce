import { createResource, createSignal } from 'solid-js';
import type { Run, WorkflowDefinition } from '../../shared/domain/workflowEngine';
import { trpc } from '../api/trpc';
import { createMutation } from './mutation';
import { useSpace } from './space';

/** The space's workflows in run order, refetched when they change; enable, reorder and delete (each refetches). */
export function createWorkflowList() {
  const space = useSpace();
  const [list, { refetch }] = createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('workflows.changed') }),
    ({ spaceId }) => trpc.workflows.list.query({ spaceId }),
  );
  const mutation = createMutation({ after: refetch });
  return {
    list,
    refetch,
    mutation,
    /** Moves the workflow at `index` by `by` places. */
    move: (index: number, by: number) =>
      mutation.run(() => {
        const order = (list() ?? []).map((w) => w.id);
        const [id] = order.splice(index, 1);
        order.splice(index + by, 0, id!);
        return trpc.workflows.reorder.mutate({ spaceId: space.spaceId(), order });
      }),
    setEnabled: (workflowId: string, enabled: boolean) => mutation.run(() => trpc.workflows.setEnabled.mutate({ spaceId: space.spaceId(), workflowId, enabled })),
    remove: (workflowId: string) => mutation.run(() => trpc.workflows.delete.mutate({ spaceId: space.spaceId(), workflowId })),
  };
}

/** What the workflow builder needs besides members and snippets: the channels, and saving. */
export function createWorkflowEditing() {
  const space = useSpace();
  const [channels] = createResource(() => space.spaceId(), (spaceId) => trpc.channels.list.query({ spaceId }));
  const mutation = createMutation();
  return {
    channels,
    mutation,
    save: (workflow: { workflowId: string | undefined; name: string; enabled: boolean; definition: WorkflowDefinition }) =>
      mutation.run(() => trpc.workflows.save.mutate({ spaceId: space.spaceId(), ...workflow }), undefined, 'as well'),
  };
}

/** A workflow's last runs, refetched when workflows change. */
export function createWorkflowRuns(workflowId: () => string) {
  const space = useSpace();
  const [runs] = createResource(
    () => ({ spaceId: space.spaceId(), workflowId: workflowId(), v: space.version('workflows.changed') }),
    ({ spaceId, workflowId }) => trpc.workflows.runs.query({ spaceId, workflowId }),
  );
  return runs;
}

/** Tries a definition on an open conversation: what it would do, nothing changes. */
export function createDryRun() {
  const space = useSpace();
  const [result, setResult] = createSignal<Run | null>(null);
  const mutation = createMutation();
  return {
    result,
    mutation,
    run: (conversationId: string, definition: WorkflowDefinition) => {
      setResult(null);
      return mutation.run(async () => setResult((await trpc.workflows.dryRun.query({ spaceId: space.spaceId(), conversationId, definition })) ?? null));
    },
  };
}
