import { createSignal, For, Show } from 'solid-js';
import { errorText, fieldErrors } from '../../stores/errors';
import { createApiToken, createApiTokensResource, revokeApiToken } from '../../stores/apiTokensStore';
import { CopyField } from '../../components/CopyField';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { splitErrors } from '../../components/formErrors';
import { useSpace } from '../../stores/space';

/** Settings → API tokens: for scripts that administer the space (owners and managers). */
export function ApiTokensSettings() {
  const space = useSpace();
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <Show when={space.can('apiTokens.manage')} fallback={<p class="muted">Only owners and managers can manage API tokens.</p>}>
        <TokenManager />
      </Show>
    </section>
  );
}

function TokenManager() {
  const space = useSpace();
  const [tokens, { refetch }] = createApiTokensResource();
  const [created, setCreated] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  let formEl: HTMLFormElement | undefined;
  focusOnInvalid(() => formEl, fields);

  const handleCreate = async (event: SubmitEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    setError(null);
    setFields({});
    try {
      const t = await createApiToken(space.spaceId(), String(new FormData(formEl).get('name')));
      setCreated(t.token);
      formEl.reset();
      await refetch();
    } catch (err) {
      const refused = splitErrors(fieldErrors(err), ['name'], errorText(err));
      setFields(refused.fields);
      setError(refused.message);
    }
  };

  const handleRevoke = async (tokenId: string) => {
    setError(null);
    try {
      await revokeApiToken(space.spaceId(), tokenId);
    } catch (err) {
      setError(errorText(err));
    }
    await refetch();
  };

  return (
    <>
      <p class="muted">A token acts as you in this space only. Send it as <code>Authorization: Bearer …</code>.</p>
      <form ref={formEl} class="inline" onSubmit={handleCreate} novalidate>
        <Field label="Token name" name="name" required placeholder="e.g. Import script" error={fields().name} />
        <button type="submit" class="primary">
          Create token
        </button>
      </form>
      <FormError message={error()} />
      <Show when={created()}>{(t) => <CopyField label="New API token" what="API token" value={t()} hint="Copy it now: it is shown only once." />}</Show>
      <Show when={(tokens()?.length ?? 0) > 0} fallback={<p class="muted">No API tokens yet.</p>}>
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created by</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={tokens()}>
              {(t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>{t.createdBy}</td>
                  <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : 'Never'}</td>
                  <td>
                    <button type="button" class="danger" aria-label={`Revoke ${t.name}`} onClick={() => void handleRevoke(t.id)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </>
  );
}
