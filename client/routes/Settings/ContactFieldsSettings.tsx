import { createEffect, For, on, Show } from 'solid-js';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { createContactFieldsEditing } from '../../stores/contactFieldsStore';
import { useSpace } from '../../stores/space';

type ContactField = { key: string; label: string; position: number };

/**
 * Settings → Contact fields: the custom fields every contact can have (shown on the contact,
 * used by snippets as {{contact.fields.<key>}} and by workflow conditions). Owners and managers
 * add, rename, reorder and delete them; agents see the list.
 */
export function ContactFieldsSettings() {
  const space = useSpace();
  const editing = createContactFieldsEditing();
  const fields = editing.fields;
  const canEdit = () => space.can('contactFields.manage');
  let addForm: HTMLFormElement | undefined;
  focusOnInvalid(() => addForm, editing.mutation.fields);

  const handleAdd = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const key = String(data.get('key') ?? '').trim();
    const label = String(data.get('label') ?? '');
    if ((fields() ?? []).some((f) => f.key === key)) return editing.mutation.fail(null, { key: `There is already a field “${key}”. Rename its label below instead.` });
    if (await editing.add(key, label)) form.reset();
  };

  const handleRename = (f: ContactField, label: string) => label.trim() !== f.label && editing.rename(f.key, label);

  // The list is rebuilt from each answer (ours, then the live change notice): keep the keyboard on
  // the field that moved, on the other arrow once it reached an end, through every rebuild.
  let refocus: { label: string; by: -1 | 1; until: number } | null = null;
  const focusMoved = () => {
    const r = refocus;
    if (!r || Date.now() > r.until) return;
    const button = (dir: string) => document.querySelector<HTMLButtonElement>(`button[aria-label="${CSS.escape(`Move ${r.label} ${dir}`)}"]`);
    const same = button(r.by < 0 ? 'up' : 'down');
    (same && !same.disabled ? same : button(r.by < 0 ? 'down' : 'up'))?.focus();
  };
  createEffect(on(fields, () => queueMicrotask(focusMoved), { defer: true }));

  const move = (index: number, by: -1 | 1) => {
    const keys = (fields() ?? []).map((f) => f.key);
    const to = index + by;
    if (to < 0 || to >= keys.length) return;
    refocus = { label: (fields() ?? [])[index]!.label, by, until: Date.now() + 3000 };
    [keys[index], keys[to]] = [keys[to]!, keys[index]!];
    void editing.reorder(keys).then(focusMoved);
  };

  return (
    <section aria-labelledby="fields-title">
      <h2 id="fields-title">Contact fields</h2>
      <p class="muted">
        Extra fields every contact can have. Snippets use them as <code>{'{{contact.fields.<key>}}'}</code>; workflows can check them.
      </p>
      <Show when={!canEdit()}>
        <p class="muted">Only owners and managers can change contact fields.</p>
      </Show>
      <Show when={(fields()?.length ?? 0) > 0} fallback={<p class="muted">No contact fields yet.</p>}>
        <ul class="plain-list field-defs" aria-label="Contact fields">
          <For each={fields()}>
            {(f, i) => (
              <li class="row">
                <code>{f.key}</code>
                <Show when={canEdit()} fallback={<span>{f.label}</span>}>
                  <input
                    type="text"
                    aria-label={`Label of ${f.key}`}
                    value={f.label}
                    maxLength={80}
                    onChange={(e) => void handleRename(f, e.currentTarget.value)}
                    onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
                  />
                  <button type="button" aria-label={`Move ${f.label} up`} disabled={i() === 0} onClick={() => move(i(), -1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={`Move ${f.label} down`} disabled={i() === (fields()?.length ?? 0) - 1} onClick={() => move(i(), 1)}>
                    ↓
                  </button>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete ${f.label}`}
                    onClick={() => void editing.remove(f.key, f.label)}
                  >
                    Delete
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={canEdit()}>
        <form ref={addForm} class="card" onSubmit={(e) => void handleAdd(e)} aria-label="Add a contact field" novalidate>
          <h3>Add a field</h3>
          <Field label="Key" name="key" required maxLength={40} hint="Lowercase letters, digits and _, e.g. customer_id" error={editing.mutation.fields().key} />
          <Field label="Label" name="label" required maxLength={80} error={editing.mutation.fields().label} />
          <button type="submit" class="primary">
            Add field
          </button>
        </form>
      </Show>
      <FormError message={editing.mutation.error()} />
      <Show when={editing.mutation.notice()}>
        <p role="status">{editing.mutation.notice()}</p>
      </Show>
    </section>
  );
}
