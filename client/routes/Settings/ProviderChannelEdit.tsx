import { createSignal, onMount, Show } from 'solid-js';
import { errorText, trpc } from '../../api/trpc';
import { Field, FormError } from '../../components/Field';
import { fieldErrors } from '../../components/fieldErrors';

export type ProviderChannelView = Awaited<ReturnType<typeof trpc.providerChannels.list.query>>[number];

const keepHint = (what: string, set: boolean | undefined) =>
  set ? `Set. Leave empty to keep the current ${what}.` : `Not set yet: enter the ${what}.`;

/**
 * Edits a WhatsApp or Telegram channel: its name and non-secret settings are prefilled; secrets
 * never are (the server does not send them). A secret field left empty keeps the stored secret,
 * a filled one replaces it. Errors are shown under their field. Opens with the name focused; Esc cancels.
 */
export function ProviderChannelEdit(props: { spaceId: string; channel: ProviderChannelView; onDone: (notice: string | null) => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const c = () => props.channel;
  const set = (name: string) => c().secretsSet[name];
  let form!: HTMLFormElement;
  onMount(() => form.querySelector('input')?.focus());

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    /** A secret the admin typed, or undefined to keep the stored one. */
    const replace = (k: string) => get(k) || undefined;
    setError(null);
    setFields({});
    try {
      const channel = c();
      if (channel.kind === 'whatsapp') {
        await trpc.providerChannels.updateWhatsApp.mutate({
          spaceId: props.spaceId,
          channelId: channel.id,
          name: get('name'),
          phoneNumberId: get('phoneNumberId'),
          businessAccountId: get('businessAccountId') || null,
          apiVersion: get('apiVersion'),
          mediaByLink: f.get('mediaByLink') === 'on',
          accessToken: replace('accessToken'),
          appSecret: replace('appSecret'),
          verifyToken: replace('verifyToken'),
        });
      } else {
        const botToken = replace('botToken');
        await trpc.providerChannels.updateTelegram.mutate({ spaceId: props.spaceId, channelId: channel.id, name: get('name'), botToken });
        // A new token may be another bot: register Kaon's webhook with it.
        if (botToken) await trpc.providerChannels.connect.mutate({ spaceId: props.spaceId, channelId: channel.id, publicUrl: location.origin });
      }
      props.onDone(`${get('name')} saved.`);
    } catch (err) {
      setFields(fieldErrors(err));
      setError(errorText(err));
    }
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
            <Field label="Business account ID" name="businessAccountId" value={wa().businessAccountId ?? ''} hint="Optional." error={fields().businessAccountId} />
            <Field label="API version" name="apiVersion" required value={wa().apiVersion} hint="The Graph API version, such as v21.0." error={fields().apiVersion} />
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
