import { createSignal, For, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { TRIGGERS, type Action, type Condition, type Workflow, type WorkflowDefinition } from '../../../shared/domain/workflowEngine';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { createMembersResource } from '../../stores/membersStore';
import { createSnippetsResource } from '../../stores/snippetsStore';
import { createWorkflowEditing } from '../../stores/workflowsStore';
import { ActionFields } from './ActionFields';
import { ConditionFields } from './ConditionFields';
import { DryRun } from './DryRun';
import { ACTION_LABELS, CONDITION_LABELS, newAction, newCondition, TRIGGER_LABELS } from './labels';

/** The builder: one trigger, optional conditions, ordered actions; Save, or try it with a dry run. */
export function WorkflowEditor(props: { workflow: Workflow | null; onDone: () => void }) {
  const members = createMembersResource();
  const [snippets] = createSnippetsResource();
  const editing = createWorkflowEditing();
  const channels = editing.channels;
  const [name, setName] = createSignal(props.workflow?.name ?? '');
  const [def, setDef] = createStore<WorkflowDefinition>(
    structuredClone({ trigger: props.workflow?.trigger ?? 'conversation.opened', conditions: props.workflow?.conditions ?? [], actions: props.workflow?.actions ?? [] }),
  );
  let formEl: HTMLFormElement | undefined;
  focusOnInvalid(() => formEl, editing.mutation.fields);
  // The name has its own message; anything else refused (a condition, an action) shows at the bottom.
  const nameOnly = () => Object.keys(editing.mutation.fields()).join() === 'name';
  const plain = (): WorkflowDefinition => JSON.parse(JSON.stringify(def)) as WorkflowDefinition;

  const setCondition = (i: number, c: Condition | null) =>
    setDef('conditions', reconcile(c ? def.conditions.map((x, j) => (j === i ? c : x)) : def.conditions.filter((_, j) => j !== i)));
  const setAction = (i: number, a: Action | null) => setDef('actions', reconcile(a ? def.actions.map((x, j) => (j === i ? a : x)) : def.actions.filter((_, j) => j !== i)));
  const moveAction = (i: number, by: number) => {
    const list = [...plain().actions];
    const [a] = list.splice(i, 1);
    list.splice(i + by, 0, a!);
    setDef('actions', reconcile(list));
  };

  const handleSave = async (event: SubmitEvent) => {
    event.preventDefault();
    if (await editing.save({ workflowId: props.workflow?.id, name: name(), enabled: props.workflow?.enabled ?? true, definition: plain() })) props.onDone();
  };

  return (
    <form ref={formEl} class="card wf-editor" aria-label={props.workflow ? `Edit ${props.workflow.name}` : 'New workflow'} onSubmit={handleSubmitGuard(handleSave)} novalidate>
      <Field label="Workflow name" value={name()} onInput={(e) => setName(e.currentTarget.value)} required error={editing.mutation.fields().name} />
      <div class="field">
        <label for="wf-trigger">When</label>
        <select id="wf-trigger" value={def.trigger} onChange={(e) => setDef('trigger', e.currentTarget.value as WorkflowDefinition['trigger'])}>
          <For each={TRIGGERS}>{(t) => <option value={t}>{TRIGGER_LABELS[t]}</option>}</For>
        </select>
      </div>
      <h3>Only if</h3>
      <For each={def.conditions} fallback={<p class="muted">No conditions: it runs every time.</p>}>
        {(c, i) => (
          <div class="wf-row">
            <ConditionFields condition={c} index={i()} channels={channels() ?? []} onChange={(next) => setCondition(i(), next)} />
            <button type="button" aria-label={`Remove condition ${i() + 1}`} onClick={() => setCondition(i(), null)}>
              Remove
            </button>
          </div>
        )}
      </For>
      <AddPicker label="Add condition" options={CONDITION_LABELS} onPick={(kind) => setDef('conditions', def.conditions.length, newCondition(kind))} />
      <h3>Then</h3>
      <For each={def.actions} fallback={<p class="muted">Add at least one action.</p>}>
        {(a, i) => (
          <div class="wf-row">
            <ActionFields action={a} index={i()} members={members() ?? []} snippets={snippets() ?? []} onChange={(next) => setAction(i(), next)} />
            <div class="wf-row-buttons">
              <button type="button" aria-label={`Move action ${i() + 1} up`} disabled={i() === 0} onClick={() => moveAction(i(), -1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move action ${i() + 1} down`} disabled={i() === def.actions.length - 1} onClick={() => moveAction(i(), 1)}>
                ↓
              </button>
              <button type="button" aria-label={`Remove action ${i() + 1}`} onClick={() => setAction(i(), null)}>
                Remove
              </button>
            </div>
          </div>
        )}
      </For>
      <AddPicker label="Add action" options={ACTION_LABELS} onPick={(kind) => setDef('actions', def.actions.length, newAction(kind))} />
      <FormError message={nameOnly() ? null : editing.mutation.error()} />
      <div class="row">
        <button type="submit" class="primary" disabled={editing.mutation.pending()}>
          Save workflow
        </button>
        <button type="button" onClick={() => props.onDone()}>
          Cancel
        </button>
      </div>
      <Show when={def.actions.length > 0}>
        <DryRun definition={plain} />
      </Show>
    </form>
  );
}

/** A select that adds an item of the chosen kind, then resets to its prompt. */
function AddPicker<K extends string>(props: { label: string; options: Record<K, string>; onPick: (kind: K) => void }) {
  return (
    <label class="inline-select">
      {props.label}
      <select
        value=""
        onChange={(e) => {
          const kind = e.currentTarget.value as K;
          if (kind) props.onPick(kind);
          e.currentTarget.value = '';
        }}
      >
        <option value="">Choose…</option>
        <For each={Object.entries(props.options) as Array<[K, string]>}>{([k, l]) => <option value={k}>{l}</option>}</For>
      </select>
    </label>
  );
}

/** Enter in a text field must not submit the builder half-done; only the Save button does. */
function handleSubmitGuard(fn: (e: SubmitEvent) => void) {
  return (e: SubmitEvent) => {
    if (e.submitter && (e.submitter as HTMLElement).textContent?.trim() !== 'Save workflow') {
      e.preventDefault();
      return;
    }
    fn(e);
  };
}
