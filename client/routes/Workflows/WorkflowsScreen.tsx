import { createSignal, For, Show } from 'solid-js';
import type { Workflow } from '../../../shared/domain/workflowEngine';
import { FormError } from '../../components/Field';
import { plural } from '../../components/format';
import { useSpace } from '../../stores/space';
import { createWorkflowList } from '../../stores/workflowsStore';
import { TRIGGER_LABELS } from './labels';
import { RunLog } from './RunLog';
import { WorkflowEditor } from './WorkflowEditor';

/** The Workflows module (owners and managers): ordered automations, enabled or not, with their run log. */
export function WorkflowsScreen() {
  const space = useSpace();
  return (
    <main class="module" aria-labelledby="module-title">
      <h1 id="module-title">Workflows</h1>
      <Show when={space.can('workflows.manage')} fallback={<p class="muted">Only owners and managers can see and edit workflows.</p>}>
        <WorkflowList />
      </Show>
    </main>
  );
}

function WorkflowList() {
  const workflows = createWorkflowList();
  const list = workflows.list;
  const [editing, setEditing] = createSignal<Workflow | 'new' | null>(null);
  const [log, setLog] = createSignal<string | null>(null);

  return (
    <>
      <p class="muted">Workflows run in this order when their trigger happens; each records what it did.</p>
      <Show when={editing() === null}>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          New workflow
        </button>
      </Show>
      <Show when={editing()} keyed>
        {(w) => (
          <WorkflowEditor
            workflow={w === 'new' ? null : w}
            onDone={() => {
              setEditing(null);
              void workflows.refetch();
            }}
          />
        )}
      </Show>
      <FormError message={workflows.mutation.error()} />
      <ol class="wf-list" aria-label="Workflows">
        <For each={list()} fallback={<li class="muted">No workflows yet. Start with round robin among your agents.</li>}>
          {(w, i) => (
            <li class="card">
              <div class="wf-head">
                <h2>{w.name}</h2>
                {/* A switch whose label says what is true now: "On" runs, "Off" does nothing. */}
                <label class="wf-switch">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={w.enabled}
                    aria-label={`${w.name}: ${w.enabled ? 'on' : 'off'}`}
                    onChange={(e) => void workflows.setEnabled(w.id, e.currentTarget.checked)}
                  />{' '}
                  {w.enabled ? 'On' : 'Off'}
                </label>
              </div>
              <p class="muted">
                {TRIGGER_LABELS[w.trigger]} · {plural(w.conditions.length, 'condition')} · {plural(w.actions.length, 'action')}
              </p>
              <div class="row">
                <button type="button" aria-label={`Move ${w.name} up`} disabled={i() === 0} onClick={() => void workflows.move(i(), -1)}>
                  ↑
                </button>
                <button type="button" aria-label={`Move ${w.name} down`} disabled={i() === (list()?.length ?? 0) - 1} onClick={() => void workflows.move(i(), 1)}>
                  ↓
                </button>
                <button type="button" aria-label={`Edit ${w.name}`} onClick={() => setEditing(w)}>
                  Edit
                </button>
                <button type="button" aria-label={`Run log of ${w.name}`} aria-expanded={log() === w.id} onClick={() => setLog(log() === w.id ? null : w.id)}>
                  Run log
                </button>
                <button type="button" class="danger" aria-label={`Delete ${w.name}`} onClick={() => void workflows.remove(w.id)}>
                  Delete
                </button>
              </div>
              <Show when={log() === w.id}>
                <RunLog workflowId={w.id} />
              </Show>
            </li>
          )}
        </For>
      </ol>
    </>
  );
}
