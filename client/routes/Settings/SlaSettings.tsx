import { createSignal, For, Show } from 'solid-js';
import { SLA_MAX_MINUTES, slaPolicyRefusal, targetText, type SlaPolicy } from '../../../shared/domain/sla';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/Field';
import { createSlaSettings, type SlaPolicyInput } from '../../stores/slaStore';
import { useSpace } from '../../stores/space';

/** "First response within 15 min · Resolution within 1 d (business hours)". */
function targetsOf(p: SlaPolicy): string {
  const parts: string[] = [];
  if (p.firstResponseMin !== null) parts.push(targetText('first', p.firstResponseMin, false));
  if (p.nextResponseMin !== null) parts.push(targetText('next', p.nextResponseMin, false));
  if (p.resolutionMin !== null) parts.push(targetText('resolution', p.resolutionMin, false));
  return parts.join(' · ') + (p.businessHours ? ' (business hours)' : '');
}

/**
 * Settings → SLAs: the space's policies in order (the first enabled one whose conditions match a
 * conversation applies). Owners and managers add, edit, turn off and delete them; agents see them.
 */
export function SlaSettings() {
  const space = useSpace();
  const sla = createSlaSettings();
  const canEdit = () => space.can('sla.manage');
  // The policy being edited (null: the form adds a new one).
  const [editing, setEditing] = createSignal<SlaPolicy | null>(null);
  const [deleting, setDeleting] = createSignal<SlaPolicy | null>(null);
  const [formKey, setFormKey] = createSignal(0);
  let form: HTMLFormElement | undefined;

  const channelName = (id: string) => sla.channels().find((c) => c.id === id)?.name ?? 'a deleted channel';
  const conditionsOf = (p: SlaPolicy) => {
    const where = p.channelIds.length ? `Channels: ${p.channelIds.map(channelName).join(', ')}` : 'Every channel';
    const who = p.tags.length ? `contacts tagged ${p.tags.join(', ')}` : 'every contact';
    return `${where}; ${who}`;
  };

  const startEdit = (p: SlaPolicy) => {
    setEditing(p);
    setFormKey((k) => k + 1);
    queueMicrotask(() => form?.querySelector<HTMLInputElement>('input[name="name"]')?.focus());
  };
  const resetForm = () => {
    setEditing(null);
    setFormKey((k) => k + 1);
  };

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const minutes = (name: string) => {
      const raw = String(data.get(name) ?? '').trim();
      return raw === '' ? null : Number(raw);
    };
    const input: SlaPolicyInput = {
      name: String(data.get('name') ?? '').trim(),
      enabled: data.get('enabled') === 'on',
      firstResponseMin: minutes('firstResponseMin'),
      nextResponseMin: minutes('nextResponseMin'),
      resolutionMin: minutes('resolutionMin'),
      businessHours: data.get('businessHours') === 'on',
      channelIds: data.getAll('channelIds').map(String),
      tags: String(data.get('tags') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    };
    const refused = slaPolicyRefusal(input);
    if (refused) {
      sla.mutation.fail(refused);
      const field = refused.startsWith('Give') || refused.startsWith('A policy name') ? 'name' : refused.startsWith('Each tag') ? 'tags' : 'firstResponseMin';
      form?.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus();
      return;
    }
    const current = editing();
    if (await sla.save(input, current?.id)) resetForm();
  };

  // Keep the keyboard on the moved policy's button (the list is rebuilt from the answer).
  const move = async (index: number, by: -1 | 1) => {
    const ids = (sla.policies() ?? []).map((p) => p.id);
    const to = index + by;
    if (to < 0 || to >= ids.length) return;
    const name = sla.policies()![index]!.name;
    [ids[index], ids[to]] = [ids[to]!, ids[index]!];
    if (!(await sla.reorder(ids))) return;
    const button = (dir: string) => document.querySelector<HTMLButtonElement>(`button[aria-label="${CSS.escape(`Move ${name} ${dir}`)}"]`);
    const same = button(by < 0 ? 'up' : 'down');
    (same && !same.disabled ? same : button(by < 0 ? 'down' : 'up'))?.focus();
  };

  const handleDelete = async () => {
    const p = deleting();
    setDeleting(null);
    if (p && (await sla.remove(p.id, p.name)) && editing()?.id === p.id) resetForm();
  };

  return (
    <section aria-labelledby="sla-title">
      <h2 id="sla-title">SLAs</h2>
      <p class="muted">
        Response and resolution targets. The first enabled policy, in this order, whose conditions match a conversation applies to it; each queue row shows the time left, and a
        breach notifies the assignee (or the owners and managers when nobody is assigned).
      </p>
      <Show when={!canEdit()}>
        <p class="muted">Only owners and managers can change SLA policies.</p>
      </Show>
      <Show when={(sla.policies()?.length ?? 0) > 0} fallback={<p class="muted">No SLA policies yet. Conversations have no targets.</p>}>
        <ol class="plain-list sla-policies" aria-label="SLA policies">
          <For each={sla.policies()}>
            {(p, i) => (
              <li class="card">
                <h3>
                  {p.name}
                  <Show when={!p.enabled}>
                    <span class="muted"> (off)</span>
                  </Show>
                </h3>
                <p>{targetsOf(p)}</p>
                <p class="muted">{conditionsOf(p)}</p>
                <Show when={canEdit()}>
                  <div class="row">
                    <button type="button" aria-label={`Move ${p.name} up`} disabled={i() === 0} onClick={() => void move(i(), -1)}>
                      ↑
                    </button>
                    <button type="button" aria-label={`Move ${p.name} down`} disabled={i() === (sla.policies()?.length ?? 0) - 1} onClick={() => void move(i(), 1)}>
                      ↓
                    </button>
                    <button type="button" aria-label={`Edit ${p.name}`} onClick={() => startEdit(p)}>
                      Edit
                    </button>
                    <button type="button" class="danger" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}>
                      Delete
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={canEdit()}>
        <Show when={formKey() + 1} keyed>
          {(_key) => (
            <form ref={form} class="card" onSubmit={(e) => void handleSubmit(e)} aria-labelledby="sla-form-title" novalidate>
              <h3 id="sla-form-title">{editing() ? `Edit ${editing()!.name}` : 'Add a policy'}</h3>
              <div class="field">
                <label for="sla-name">Name</label>
                <input id="sla-name" name="name" type="text" maxLength={80} required value={editing()?.name ?? ''} />
              </div>
              <fieldset>
                <legend>Targets in minutes (leave empty for none)</legend>
                <div class="field">
                  <label for="sla-first">First response</label>
                  <input id="sla-first" name="firstResponseMin" type="number" min="1" max={SLA_MAX_MINUTES} step="1" value={editing()?.firstResponseMin ?? ''} />
                </div>
                <div class="field">
                  <label for="sla-next">Next response</label>
                  <input id="sla-next" name="nextResponseMin" type="number" min="1" max={SLA_MAX_MINUTES} step="1" value={editing()?.nextResponseMin ?? ''} />
                </div>
                <div class="field">
                  <label for="sla-resolution">Resolution</label>
                  <input id="sla-resolution" name="resolutionMin" type="number" min="1" max={SLA_MAX_MINUTES} step="1" value={editing()?.resolutionMin ?? ''} />
                </div>
                <label class="checkbox">
                  <input type="checkbox" name="businessHours" checked={editing()?.businessHours ?? false} /> Count business hours only (Settings → Business hours)
                </label>
              </fieldset>
              <fieldset>
                <legend>Applies to these channels (none checked: every channel)</legend>
                <For each={sla.channels()}>
                  {(c) => (
                    <label class="checkbox">
                      <input type="checkbox" name="channelIds" value={c.id} checked={editing()?.channelIds.includes(c.id) ?? false} /> {c.name}
                    </label>
                  )}
                </For>
              </fieldset>
              <div class="field">
                <label for="sla-tags">Contact tags (comma-separated; empty: every contact)</label>
                <input id="sla-tags" name="tags" type="text" value={editing()?.tags.join(', ') ?? ''} />
              </div>
              <label class="checkbox">
                <input type="checkbox" name="enabled" checked={editing()?.enabled ?? true} /> Enabled
              </label>
              <div class="row">
                <button type="submit" class="primary" disabled={sla.mutation.pending()}>
                  {editing() ? 'Save policy' : 'Add policy'}
                </button>
                <Show when={editing()}>
                  <button type="button" onClick={resetForm}>
                    Cancel
                  </button>
                </Show>
              </div>
            </form>
          )}
        </Show>
      </Show>
      <FormError message={sla.mutation.error()} />
      <Show when={sla.mutation.notice()}>
        <p role="status">{sla.mutation.notice()}</p>
      </Show>
      <ConfirmDialog
        open={deleting() !== null}
        title={`Delete ${deleting()?.name ?? 'this policy'}?`}
        message="Open conversations it applies to are measured by the other policies (or none). Closed conversations keep their figures in the reports."
        confirmLabel="Delete policy"
        onConfirm={() => void handleDelete()}
        onCancel={() => setDeleting(null)}
      />
    </section>
  );
}
