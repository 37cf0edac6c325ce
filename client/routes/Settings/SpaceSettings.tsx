import { useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { errorText, fieldErrors } from '../../stores/errors';
import { createSpace, renameSpace } from '../../stores/settingsStore';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { splitErrors } from '../../components/formErrors';
import { useSession } from '../../stores/session';
import { useSpace } from '../../stores/space';

/** Settings → Space: rename this space (owners and managers), or create another one. */
export function SpaceSettings() {
  const space = useSpace();
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  // Each form marks its own name field.
  const [renameFields, setRenameFields] = createSignal<Record<string, string>>({});
  const [createFields, setCreateFields] = createSignal<Record<string, string>>({});
  let renameForm: HTMLFormElement | undefined;
  let createForm: HTMLFormElement | undefined;
  focusOnInvalid(() => renameForm, renameFields);
  focusOnInvalid(() => createForm, createFields);
  const refuse = (err: unknown, set: (f: Record<string, string>) => void) => {
    const refused = splitErrors(fieldErrors(err), ['name'], errorText(err));
    set(refused.fields);
    setError(refused.message);
  };

  const handleRename = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    setRenameFields({});
    try {
      await renameSpace(space.spaceId(), String(new FormData(event.currentTarget as HTMLFormElement).get('name')));
      await session.refresh();
      setSaved(true);
    } catch (err) {
      refuse(err, setRenameFields);
    }
  };

  const handleCreate = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setCreateFields({});
    try {
      const created = await createSpace(String(new FormData(event.currentTarget as HTMLFormElement).get('name')));
      await session.refresh();
      navigate(`/s/${created.id}/settings/members`);
    } catch (err) {
      refuse(err, setCreateFields);
    }
  };

  return (
    <section aria-labelledby="space-title">
      <h2 id="space-title">Space</h2>
      <FormError message={error()} />
      <Show when={space.can('space.rename')} fallback={<p>{space.membership()?.name}</p>}>
        <form ref={renameForm} class="inline" onSubmit={handleRename} novalidate>
          <Field label="Space name" name="name" value={space.membership()?.name ?? ''} required error={renameFields().name} />
          <button type="submit" class="primary">
            Save name
          </button>
        </form>
        <Show when={saved()}>
          <p role="status">Saved.</p>
        </Show>
      </Show>
      <section class="card" aria-labelledby="new-space-title">
        <h3 id="new-space-title">Create another space</h3>
        <p class="muted">You become its owner. Switch between spaces from the rail.</p>
        <form ref={createForm} class="inline" onSubmit={handleCreate} novalidate>
          <Field label="New space name" name="name" required error={createFields().name} />
          <button type="submit">Create space</button>
        </form>
      </section>
    </section>
  );
}
