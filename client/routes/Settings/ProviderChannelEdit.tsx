import { onMount, Show } from 'solid-js';
import { DEFAULT_GRAPH_API_VERSION } from '../../../shared/domain/providers';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { createProviderChannelEdit, type ProviderChannelView } from '../../stores/providerChannelsStore';


const keepHint = (what: string, set: boolean | undefined) =>
  set ? `Set. Leave empty to keep the current ${what}.` : `Not set yet: enter the ${what}.`;

/**
 * Edits a WhatsApp or Telegram channel: its name and non-secret settings are prefilled; secrets
 * never are (the server does not send them). A secret field left empty keeps the stored secret,
 * a filled one replaces it. Errors are shown under their field. Opens with the name focused; Esc cancels.
 */
export function ProviderChannelEdit(props: { spaceId: string; channel: ProviderChannelView; onDone: (notice: string | null) => void }) {
  const edit = createProviderChannelEdit(() => props.spaceId);
  const error = edit.mutation.error;
  const fields = edit.mutation.fields;
  const c = () => props.channel;
  const set = (name: string) => c().secretsSet[name];
  let form!: HTMLFormElement;
  onMount(() => form.querySelector('input')?.focus());
  focusOnInvalid(() => form, fields);

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    /** A secret the admin typed, or undefined to keep the stored one. */
    const replace = (k: string) => get(k) || undefined;
    const channel = c();
    const saved =
      channel.kind === 'whatsapp'
        ? await edit.updateWhatsApp(channel.id, {
            name: get('name'),
            phoneNumberId: get('phoneNumberId'),
            businessAccountId: get('businessAccountId') || null,
            apiVersion: get('apiVersion'),
            mediaByLink: f.get('mediaByLink') === 'on',
            accessToken: replace('accessToken'),
            appSecret: replace('appSecret'),
            verifyToken: replace('verifyToken'),
          })
        : await edit.updateTelegram(channel.id, { name: get('name'), botToken: replace('botToken') });
    if (saved) props.onDone(`${get('name')} saved.`);
  };

  return (
    <form
      ref={form}
      class="card"
      aria-label={`Edit ${c().name}`}
      onSubmit={handleSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onDone(null);
      }}
      novalidate
    >
      <FormError message={error()} />
      <Field label="Channel name" name="name" required value={c().name} error={fields().name} />
      <Show when={c().whatsapp}>
        {(wa) => (
          <>
            <Field label="Phone number ID" name="phoneNumberId" required value={wa().phoneNumberId} error={fields().phoneNumberId} />
            <Field label="Business account ID" name="businessAccountId" value={wa().businessAccountId ?? ''} hint="Optional: the WhatsApp Business Account (WABA) ID." error={fields().businessAccountId} />
            <Field label="API version" name="apiVersion" required value={wa().apiVersion} hint={`The Graph API version, such as ${DEFAULT_GRAPH_API_VERSION}.`} error={fields().apiVersion} />
            <div class="field">
              <label>
                <input type="checkbox" name="mediaByLink" checked={wa().mediaByLink} aria-describedby={`by-link-${c().id}`} /> Send files as links (needs PUBLIC_URL)
              </label>
              <small id={`by-link-${c().id}`}>
                WhatsApp downloads each file from Kaon through a signed link that expires after an hour, instead of Kaon uploading it first.{' '}
                {wa().publicUrlSet ? '' : 'Kaon’s PUBLIC_URL is not set, so files are uploaded until it is.'}
              </small>
            </div>
            <Field label="New access token" name="accessToken" type="password" autocomplete="off" hint={keepHint('access token', set('accessToken'))} error={fields().accessToken} />
            <Field label="New app secret" name="appSecret" type="password" autocomplete="off" hint={keepHint('app secret', set('appSecret'))} error={fields().appSecret} />
            <Field label="New verify token" name="verifyToken" type="password" autocomplete="off" hint={keepHint('verify token', set('verifyToken'))} error={fields().verifyToken} />
          </>
        )}
      </Show>
      <Show when={c().kind === 'telegram'}>
        <Field label="New bot token" name="botToken" type="password" autocomplete="off" hint={keepHint('bot token', set('botToken'))} error={fields().botToken} />
      </Show>
      <div class="row">
        <button type="submit" class="primary">
          Save changes
        </button>
        <button type="button" onClick={() => props.onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
