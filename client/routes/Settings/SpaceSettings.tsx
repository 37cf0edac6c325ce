import { useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { errorText } from '../../stores/errors';
import { createSpace, renameSpace } from '../../stores/settingsStore';
import { Field, FormError } from '../../components/Field';
import { useSession } from '../../stores/session';
import { useSpace } from '../../stores/space';

/** Settings → Space: rename this space (owners and managers), or create another one. */
export function SpaceSettings() {
  const space = useSpace();
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);

  const handleRename = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await renameSpace(space.spaceId(), String(new FormData(event.currentTarget as HTMLFormElement).get('name')));
      await session.refresh();
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const handleCreate = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await createSpace(String(new FormData(event.currentTarget as HTMLFormElement).get('name')));
      await session.refresh();
      navigate(`/s/${created.id}/settings/members`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="space-title">
      <h2 id="space-title">Space</h2>
      <FormError message={error()} />
      <Show when={space.can('space.rename')} fallback={<p>{space.membership()?.name}</p>}>
        <form class="inline" onSubmit={handleRename} novalidate>
          <Field label="Space name" name="name" value={space.membership()?.name ?? ''} required />
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
        <form class="inline" onSubmit={handleCreate} novalidate>
          <Field label="New space name" name="name" required />
          <button type="submit">Create space</button>
        </form>
      </section>
    </section>
  );
}
