import { createSignal, For, Show } from 'solid-js';
import { CopyField } from '../../components/CopyField';
import { FormError } from '../../components/Field';
import { createProviderChannelEdit, createProviderChannels, type ProviderChannelView } from '../../stores/providerChannelsStore';
import { useSpace } from '../../stores/space';
import { EmailChannelForm } from './EmailChannelForm';
import { ChannelActions } from './ChannelActions';

const when = (at: number | null | undefined) => (at ? new Date(at).toLocaleString() : null);

/** What the card says about receiving: the mailbox's connection and last problem, or the forwarding address. */
function receiving(c: ProviderChannelView): string {
  const e = c.email!;
  if (e.mode === 'forwarding') {
    if (!e.receiverRunning) return 'Kaon’s SMTP receiver is off: set SMTP_PORT and INBOUND_EMAIL_DOMAIN on the server.';
    return e.forwardingAddress ? `Forward your mail to ${e.forwardingAddress}.` : 'Set INBOUND_EMAIL_DOMAIN on the server to get the forwarding address.';
  }
  if (!c.enabled) return 'Disabled: Kaon does not read the mailbox.';
  if (e.mailbox?.lastError) return '';
  return e.mailbox?.connectedAt ? `Reading ${e.imap?.folder} since ${when(e.mailbox.connectedAt)}.` : 'Connecting to the mailbox…';
}

function EmailEdit(props: { spaceId: string; channel: ProviderChannelView; onDone: (notice: string | null) => void }) {
  const edit = createProviderChannelEdit(() => props.spaceId);
  return (
    <EmailChannelForm
      channel={props.channel}
      fields={edit.mutation.fields}
      error={edit.mutation.error()}
      onSubmit={async (input) => {
        if (await edit.updateEmail(props.channel.id, input)) props.onDone(`${input.name} saved.`);
      }}
      onCancel={() => props.onDone(null)}
    />
  );
}

/**
 * E-mail channels in Settings → Channels: a mailbox or a forwarding address each; passwords go to
 * the server and never come back; the card shows how mail arrives and what is wrong, in words.
 */
export function EmailChannels() {
  const space = useSpace();
  const channels = createProviderChannels();
  const list = () => channels.list()?.filter((c) => c.kind === 'email') ?? [];
  const [adding, setAdding] = createSignal(false);
  const [editing, setEditing] = createSignal<string | null>(null);
  const manage = () => space.can('channels.manage');

  return (
    <section aria-labelledby="email-title" class="provider-channels">
      <h3 id="email-title">E-mail</h3>
      <Show when={!adding()}>
        <FormError message={channels.mutation.error()} />
      </Show>
      <Show when={channels.mutation.notice()}>
        <p role="status">{channels.mutation.notice()}</p>
      </Show>
      <For each={list()} fallback={<p class="muted">No e-mail channel yet.</p>}>
        {(c) => (
          <article class="card" aria-label={c.name}>
            <h4>
              {c.name} <span class="muted">· {c.email!.mode === 'mailbox' ? 'Mailbox' : 'Forwarding address'} · {c.email!.address}</span>
              <Show when={!c.enabled}>
                <span class="muted"> · disabled</span>
              </Show>
            </h4>
            <Show when={c.email!.forwardingAddress}>
              {(address) => <CopyField label={`Forwarding address for ${c.name}`} what="forwarding address" value={address()} />}
            </Show>
            <Show when={receiving(c)}>
              <p class="muted">{receiving(c)}</p>
            </Show>
            <Show when={c.email!.mailbox?.lastError}>
              <p class="form-error">Mailbox problem: {c.email!.mailbox!.lastError}</p>
            </Show>
            <p class="muted">
              Passwords: {c.secretSet ? 'set (never shown again)' : 'none'} · Waiting to send: {c.health.queued}
            </p>
            <Show when={c.health.lastSendError}>
              <p class="form-error">Last send error: {c.health.lastSendError}</p>
            </Show>
            <label class="checkbox">
              <input type="checkbox" checked={c.email!.askRating} disabled={!manage()} onChange={(e) => void channels.setAskRating(c.id, e.currentTarget.checked)} /> Ask customers to rate the
              conversation (1 to 5) after it is closed: a short mail with links to a rating page (needs PUBLIC_URL)
            </label>
            <Show when={manage()}>
              <ChannelActions
                channel={c}
                channels={channels}
                editing={editing}
                setEditing={setEditing}
                editor={(onDone) => <EmailEdit spaceId={space.spaceId()} channel={c} onDone={onDone} />}
              />
            </Show>
          </article>
        )}
      </For>
      <Show when={manage()}>
        <Show
          when={adding()}
          fallback={
            <div class="row">
              <button type="button" onClick={() => setAdding(true)}>
                Add e-mail channel
              </button>
            </div>
          }
        >
          <EmailChannelForm
            fields={channels.mutation.fields}
            error={channels.mutation.error()}
            onSubmit={async (input) => {
              if (await channels.addEmail(input, `${input.name} added. Use Check connection to try its settings.`)) setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        </Show>
      </Show>
    </section>
  );
}
