import { createSignal, For, Show } from 'solid-js';
import { errorText, fieldErrors } from '../../stores/errors';
import { createChannelsResource, createWebchatChannel, setAskRating } from '../../stores/settingsStore';
import { CopyField } from '../../components/CopyField';
import { nameSaysKind } from '../../components/format';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { splitErrors } from '../../components/formErrors';
import { useSpace } from '../../stores/space';
import { EmailChannels } from './EmailChannels';
import { ProviderChannels } from './ProviderChannels';

/** Settings → Channels: each website chat's customer link and embed snippet, ready to copy. */
export function ChannelsSettings() {
  const space = useSpace();
  const [list, { refetch }] = createChannelsResource();
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  let formEl: HTMLFormElement | undefined;
  focusOnInvalid(() => formEl, fields);

  const handleCreate = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setError(null);
    setFields({});
    try {
      await createWebchatChannel(space.spaceId(), String(new FormData(form).get('name')));
      form.reset();
      await refetch();
    } catch (err) {
      const refused = splitErrors(fieldErrors(err), ['name'], errorText(err));
      setFields(refused.fields);
      setError(refused.message);
    }
  };

  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">Channels</h2>
      <For each={list()?.filter((c) => c.kind === 'webchat')}>
        {(c) => (
          <article class="card" aria-label={c.name}>
            <h3>
              {c.name}
              <Show when={!nameSaysKind(c.name, 'Website chat')}>
                {' '}
                <span class="muted">· Website chat</span>
              </Show>
            </h3>
            <Show when={c.chatPath}>
              {(path) => (
                <>
                  <CopyField label={`Customer link for ${c.name}`} what="customer link" value={`${location.origin}${path()}`} hint="Open it in another tab or browser to play the customer." />
                  <CopyField
                    label={`Embed snippet for ${c.name}`}
                    what="embed snippet"
                    value={`<script src="${location.origin}/widget.js" data-channel="${path().split('/')[2]}" async></script>`}
                    hint="Paste before </body> on your website: a chat button appears in the corner."
                  />
                  <a href={path()} target="_blank" rel="noopener">
                    Open the chat as a customer
                  </a>
                  <label class="checkbox">
                    <input
                      type="checkbox"
                      checked={c.askRating}
                      disabled={!space.can('channels.manage')}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setError(null);
                        setAskRating(space.spaceId(), c.id, on)
                          .then(() => refetch())
                          .catch((err: unknown) => setError(errorText(err)));
                      }}
                    />{' '}
                    Ask customers to rate the conversation (1 to 5) after it is closed
                  </label>
                </>
              )}
            </Show>
          </article>
        )}
      </For>
      <Show when={space.can('channels.manage')}>
        <form ref={formEl} class="inline card" onSubmit={handleCreate} novalidate>
          <Field label="New website chat name" name="name" required placeholder="e.g. Pricing page" error={fields().name} />
          <button type="submit" class="primary">
            Add website chat
          </button>
        </form>
        <FormError message={error()} />
      </Show>
      <ProviderChannels />
      <EmailChannels />
    </section>
  );
}
