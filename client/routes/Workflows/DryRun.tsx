import { createSignal, For, Show } from 'solid-js';
import type { WorkflowDefinition } from '../../../shared/domain/workflowEngine';
import { createMembersResource } from '../../stores/membersStore';
import { createQueue } from '../../stores/queueStore';
import { useSpace } from '../../stores/space';
import { createDryRun } from '../../stores/workflowsStore';

/** Tries the workflow on an open conversation and shows what it would do; nothing changes. */
export function DryRun(props: { definition: () => WorkflowDefinition }) {
  const space = useSpace();
  const members = createMembersResource();
  const queue = createQueue(space.spaceId(), () => undefined);
  const dryRun = createDryRun();
  const result = dryRun.result;
  const error = dryRun.mutation.error;
  const [sample, setSample] = createSignal('');
  const nameOf = (id: string) => members()?.find((m) => m.userId === id)?.name ?? id;

  const handleRun = () => dryRun.run(sample(), props.definition());

  return (
    <section class="dry-run" aria-label="Dry run">
      <h3>Dry run</h3>
      <div class="row">
        <select aria-label="Sample conversation" value={sample()} onChange={(e) => setSample(e.currentTarget.value)}>
          <option value="">Choose an open conversation</option>
          <For each={Object.values(queue.items)}>{(c) => <option value={c.id}>{`${c.contactName}: ${c.preview}`}</option>}</For>
        </select>
        <button type="button" disabled={!sample()} onClick={() => void handleRun()}>
          Try it
        </button>
      </div>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={result()}>
        {(r) => (
          <div role="status">
            <p>{r().matched ? 'The conditions match.' : 'The conditions do not match: nothing would happen.'}</p>
            <ul>
              <For each={r().actions}>
                {(a) => (
                  <li>
                    {a.status === 'done'
                      ? a.effect.kind === 'assign'
                        ? `Would assign to ${nameOf(a.effect.userId)}`
                        : `Would ${a.effect.kind}`
                      : `Skipped: ${a.why}`}
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </Show>
    </section>
  );
}
