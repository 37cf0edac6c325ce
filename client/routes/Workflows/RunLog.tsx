import { For } from 'solid-js';
import { createWorkflowRuns } from '../../stores/workflowsStore';

type Detail = { actions?: Array<{ status: string; why?: string; effect?: { kind: string } }> };

/** The last runs of a workflow: when, on what trigger, matched or not, what it did or why not. */
export function RunLog(props: { workflowId: string }) {
  const runs = createWorkflowRuns(() => props.workflowId);
  return (
    <ul class="run-log" aria-label="Run log">
      <For each={runs()} fallback={<li class="muted">It has not run yet.</li>}>
        {(r) => (
          <li>
            <time datetime={new Date(r.at).toISOString()}>{new Date(r.at).toLocaleString()}</time> · {r.trigger} ·{' '}
            {r.matched
              ? ((r.detail as Detail).actions ?? []).map((a) => (a.status === 'done' ? (a.effect?.kind ?? 'done') : `skipped (${a.why})`)).join(', ')
              : 'conditions did not match'}
          </li>
        )}
      </For>
    </ul>
  );
}
