import { createSignal, For, onCleanup, Show } from 'solid-js';
import type { Run, WorkflowDefinition } from '../../../shared/domain/workflows';
import { docNames } from '../../../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../../../shared/sync/shapes';
import { errorText, trpc } from '../../api/trpc';
import { bindYMap } from '../../sync/bindYMap';
import { acquireDoc, releaseDoc } from '../../sync/docs';
import { createMembersResource } from '../../stores/membersStore';
import { useSpace } from '../../stores/space';

/** Tries the workflow on an open conversation and shows what it would do; nothing changes. */
export function DryRun(props: { definition: () => WorkflowDefinition }) {
  const space = useSpace();
  const members = createMembersResource();
  const name = docNames.queue(space.spaceId());
  const { doc } = acquireDoc(name);
  onCleanup(() => releaseDoc(name));
  const open = bindYMap(doc.getMap<QueueItem>(QUEUE.open)).store;
  const [sample, setSample] = createSignal('');
  const [result, setResult] = createSignal<Run | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const nameOf = (id: string) => members()?.find((m) => m.userId === id)?.name ?? id;

  const handleRun = async () => {
    setError(null);
    setResult(null);
    try {
      setResult((await trpc.workflows.dryRun.query({ spaceId: space.spaceId(), conversationId: sample(), definition: props.definition() })) ?? null);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section class="dry-run" aria-label="Dry run">
      <h3>Dry run</h3>
      <div class="row">
        <select aria-label="Sample conversation" value={sample()} onChange={(e) => setSample(e.currentTarget.value)}>
          <option value="">Choose an open conversation</option>
          <For each={Object.values(open)}>{(c) => <option value={c.id}>{`${c.contactName}: ${c.preview}`}</option>}</For>
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
