import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { Trigger } from '../../../shared/domain/workflowEngine';
import { useSpace } from '../../stores/space';
import { createWorkflowRuns } from '../../stores/workflowsStore';
import { TRIGGER_LABELS } from './labels';

/** The last runs of a workflow: when, on what trigger, on whose conversation, what it did or why not. */
export function RunLog(props: { workflowId: string }) {
  const space = useSpace();
  const runs = createWorkflowRuns(() => props.workflowId);
  return (
    <ul class="run-log" aria-label="Run log">
      <For each={runs()} fallback={<li class="muted">It has not run yet.</li>}>
        {(r) => (
          <li>
            <time datetime={new Date(r.at).toISOString()}>{new Date(r.at).toLocaleString()}</time> · {TRIGGER_LABELS[r.trigger as Trigger] ?? r.trigger}
            <Show when={r.conversationId}>
              {(id) => (
                <>
                  {' · '}
                  <A href={`/s/${space.spaceId()}/messages/${id()}`}>Conversation with {r.contactName ?? 'a deleted contact'}</A>
                </>
              )}
            </Show>
            {' · '}
            {r.matched ? (r.did.length ? r.did.join('; ') : 'matched, no actions') : 'conditions did not match'}
          </li>
        )}
      </For>
    </ul>
  );
}
