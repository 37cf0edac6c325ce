import { createSignal, For, Show } from 'solid-js';
import { DEFAULT_GRAPH_API_VERSION } from '../../../shared/domain/providers';
import { CopyField } from '../../components/CopyField';
import { nameSaysKind } from '../../components/format';
import { Field, FieldErrors, focusOnInvalid, FormError } from '../../components/Field';
import { createProviderChannels } from '../../stores/providerChannelsStore';
import { useSpace } from '../../stores/space';
import { ChannelTemplates } from './ChannelTemplates';
import { ProviderChannelEdit } from './ProviderChannelEdit';
import { ChannelActions } from './ChannelActions';

type Kind = 'whatsapp' | 'telegram';

/**
 * WhatsApp Business and Telegram channels in Settings → Channels: add one (its secrets go to the
 * server and never come back: the list only says a secret is set), see its webhook address and
 * health, edit (secrets can be replaced, never read), enable, disable, connect, delete.
 */
export function ProviderChannels() {
  const space = useSpace();
  const channels = createProviderChannels();
  // E-mail channels have their own section (EmailChannels).
  const list = () => channels.list()?.filter((c) => c.kind !== 'email');
  const [adding, setAdding] = createSignal<Kind | null>(null);
  /** The channel whose edit form is open. */
  const [editing, setEditing] = createSignal<string | null>(null);
  const manage = () => space.can('channels.manage');
  let sectionEl: HTMLElement | undefined;
  focusOnInvalid(() => sectionEl, channels.mutation.fields);

  const handleAdd = (kind: Kind) => async (event: SubmitEvent) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const added =
      kind === 'whatsapp'
        ? await channels.addWhatsApp(
            {
              name: get('name'),
              phoneNumberId: get('phoneNumberId'),
              businessAccountId: get('businessAccountId') || null,
              apiVersion: get('apiVersion') || DEFAULT_GRAPH_API_VERSION,
              accessToken: get('accessToken'),
              appSecret: get('appSecret'),
              verifyToken: get('verifyToken'),
            },
            'WhatsApp channel added. Paste its webhook address and verify token into Meta’s dashboard.',
          )
        : await channels.addTelegram({ name: get('name'), botToken: get('botToken') }, 'Telegram bot connected.');
    if (added) setAdding(null);
  };

  return (
    <section ref={sectionEl} aria-labelledby="provider-title" class="provider-channels">
      <h3 id="provider-title">WhatsApp and Telegram</h3>
      <FormError message={channels.mutation.error()} />
      <Show when={channels.mutation.notice()}>
        <p role="status">{channels.mutation.notice()}</p>
      </Show>
      <For each={list()} fallback={<p class="muted">No WhatsApp or Telegram channel yet.</p>}>
        {(c) => (
          <article class="card" aria-label={c.name}>
            <h4>
              {c.name}
              <Show when={!nameSaysKind(c.name, c.kind === 'whatsapp' ? 'WhatsApp Business' : 'Telegram')}>
                {' '}
                <span class="muted">· {c.kind === 'whatsapp' ? 'WhatsApp Business' : 'Telegram'}</span>
              </Show>
              <Show when={!c.enabled}>
                <span class="muted"> · disabled</span>
              </Show>
            </h4>
            <CopyField label={`Webhook address for ${c.name}`} what="webhook address" value={`${location.origin}${c.webhookPath}`} />
            <p class="muted">
              Secrets: {c.secretSet ? 'set (never shown again)' : 'missing'} · Last webhook:{' '}
              {c.health.lastWebhookAt ? new Date(c.health.lastWebhookAt).toLocaleString() : 'none yet'} · Waiting to send: {c.health.queued}
            </p>
            <Show when={c.health.lastSendError}>
              <p class="form-error">Last send error: {c.health.lastSendError}</p>
            </Show>
            <Show when={manage()}>
              <ChannelActions
                channel={c}
                channels={channels}
                editing={editing}
                setEditing={setEditing}
                editor={(onDone) => <ProviderChannelEdit spaceId={space.spaceId()} channel={c} onDone={onDone} />}
              />
            </Show>
            <Show when={c.kind === 'whatsapp'}>
              <ChannelTemplates spaceId={space.spaceId()} channelId={c.id} channelName={c.name} manage={manage()} />
            </Show>
          </article>
        )}
      </For>
      {/* The new-channel forms: their Fields take the refusals of the add mutation by name. */}
      <FieldErrors errors={channels.mutation.fields}>
      <Show when={manage()}>
        <div class="row">
          <button type="button" onClick={() => setAdding('whatsapp')}>
            Add WhatsApp channel
          </button>
          <button type="button" onClick={() => setAdding('telegram')}>
            Add Telegram bot
          </button>
        </div>
        <Show when={adding() === 'whatsapp'}>
          <form class="card" aria-label="New WhatsApp channel" onSubmit={handleAdd('whatsapp')} novalidate>
            <Field label="Channel name" name="name" required />
            <Field label="Phone number ID" name="phoneNumberId" required hint="In Meta’s WhatsApp Manager → API Setup, under the number." />
            <Field
              label="Business account ID"
              name="businessAccountId"
              hint="Optional: the WhatsApp Business Account (WABA) ID, beside the phone number ID. With it, Check connection also makes sure the number is this account’s."
            />
            <Field label="API version" name="apiVersion" required value={DEFAULT_GRAPH_API_VERSION} hint={`The Graph API version Kaon calls; ${DEFAULT_GRAPH_API_VERSION} unless Meta asks you to move.`} />
            <Field label="Access token" name="accessToken" type="password" autocomplete="off" required />
            <Field label="App secret" name="appSecret" type="password" autocomplete="off" required />
            <Field label="Verify token" name="verifyToken" required hint="Any phrase; enter the same one in Meta’s webhook settings." />
            <div class="row">
              <button type="submit" class="primary">
                Save WhatsApp channel
              </button>
              <button type="button" onClick={() => setAdding(null)}>
                Cancel
              </button>
            </div>
          </form>
        </Show>
        <Show when={adding() === 'telegram'}>
          <form class="card" aria-label="New Telegram bot" onSubmit={handleAdd('telegram')} novalidate>
            <Field label="Channel name" name="name" required />
            <Field label="Bot token" name="botToken" type="password" autocomplete="off" required hint="From @BotFather. Kaon registers its webhook for you." />
            <div class="row">
              <button type="submit" class="primary">
                Save Telegram bot
              </button>
              <button type="button" onClick={() => setAdding(null)}>
                Cancel
              </button>
            </div>
          </form>
        </Show>
      </Show>
      </FieldErrors>
    </section>
  );
}
