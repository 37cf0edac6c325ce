import { createSignal, onMount, Show } from 'solid-js';
import { Field, FieldErrors, focusOnInvalid, FormError } from '../../components/Field';
import type { EmailInput, ProviderChannelView } from '../../stores/providerChannelsStore';

type Security = 'tls' | 'starttls' | 'none';
type Mode = 'mailbox' | 'forwarding';

const SECURITY: Array<[Security, string]> = [
  ['tls', 'TLS (encrypted from the start)'],
  ['starttls', 'STARTTLS (upgraded after connecting)'],
  ['none', 'None (not encrypted)'],
];

function SecuritySelect(props: { id: string; name: string; label: string; value: Security }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} value={props.value}>
        {SECURITY.map(([v, text]) => (
          <option value={v} selected={v === props.value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

const keepHint = (set: boolean | undefined) => (set ? 'Set. Leave empty to keep the current password.' : 'Not set yet.');

/**
 * The form of an e-mail channel, new or edited: a mailbox (IMAP to receive, SMTP to send) or a
 * forwarding address (Kaon receives; SMTP to send). Passwords are never prefilled: empty keeps
 * the stored one. Refusals show under their field. Esc cancels an edit.
 */
export function EmailChannelForm(props: {
  channel?: ProviderChannelView | undefined;
  fields: () => Record<string, string>;
  error: string | null | undefined;
  onSubmit: (input: EmailInput) => void | Promise<void>;
  onCancel: () => void;
}) {
  const email = () => props.channel?.email ?? null;
  const [mode, setMode] = createSignal<Mode>(email()?.mode ?? 'mailbox');
  const uid = `email-${props.channel?.id ?? 'new'}`;
  let form!: HTMLFormElement;
  onMount(() => {
    if (props.channel) form.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
  });
  focusOnInvalid(() => form, props.fields);

  const handleSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const num = (k: string) => (get(k) === '' ? undefined : Number(get(k)));
    const mailbox = mode() === 'mailbox';
    void props.onSubmit({
      name: get('name'),
      mode: mode(),
      address: get('address'),
      ...(mailbox
        ? {
            imapHost: get('imapHost'),
            imapPort: num('imapPort'),
            imapSecurity: get('imapSecurity') as Security,
            imapUser: get('imapUser'),
            imapFolder: get('imapFolder'),
            imapPassword: String(f.get('imapPassword') ?? '') || undefined,
          }
        : {}),
      smtpHost: get('smtpHost'),
      smtpPort: num('smtpPort') as number,
      smtpSecurity: get('smtpSecurity') as Security,
      smtpUser: get('smtpUser'),
      smtpPassword: String(f.get('smtpPassword') ?? '') || undefined,
      ...(get('key') ? { key: get('key') } : {}),
      signature: String(f.get('signature') ?? ''),
    });
  };

  const set = (k: string) => props.channel?.secretsSet[k];
  return (
    <form
      ref={form}
      class="card email-form"
      aria-label={props.channel ? `Edit ${props.channel.name}` : 'New e-mail channel'}
      onSubmit={handleSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
      novalidate
    >
      <FormError message={props.error} />
      <FieldErrors errors={props.fields}>
        <fieldset>
          <legend>How mail reaches Kaon</legend>
          <label>
            <input type="radio" name="mode" value="mailbox" checked={mode() === 'mailbox'} onChange={() => setMode('mailbox')} /> Mailbox: Kaon reads a folder over IMAP
          </label>
          <label>
            <input type="radio" name="mode" value="forwarding" checked={mode() === 'forwarding'} onChange={() => setMode('forwarding')} /> Forwarding address: your mail server
            forwards to Kaon
          </label>
        </fieldset>
        <Field label="Channel name" name="name" required value={props.channel?.name ?? ''} />
        <Field label="Support address" name="address" type="email" required value={email()?.address ?? ''} hint="Customers write here; replies come from it." />
        <Show when={mode() === 'mailbox'}>
          <fieldset>
            <legend>Receiving (IMAP)</legend>
            <Field label="IMAP server" name="imapHost" required value={email()?.imap?.host ?? ''} placeholder="imap.example.com" />
            <Field label="IMAP port" name="imapPort" type="number" inputmode="numeric" required value={String(email()?.imap?.port ?? 993)} />
            <SecuritySelect id={`${uid}-imap-sec`} name="imapSecurity" label="IMAP security" value={email()?.imap?.security ?? 'tls'} />
            <Field label="IMAP user name" name="imapUser" required autocomplete="off" value={email()?.imap?.user ?? ''} />
            <Field label="IMAP password" name="imapPassword" type="password" autocomplete="new-password" hint={props.channel ? keepHint(set('imapPassword')) : 'Some providers need an app password.'} />
            <Field label="IMAP folder" name="imapFolder" required value={email()?.imap?.folder ?? 'INBOX'} />
          </fieldset>
        </Show>
        <Show when={mode() === 'forwarding'}>
          <Field
            label="Forwarding address name"
            name="key"
            value={email()?.key ?? ''}
            hint={
              email()?.forwardingAddress
                ? `Forward your mail to ${email()!.forwardingAddress}.`
                : 'The part before @ of the address to forward to; empty takes the support address’s. Kaon’s INBOUND_EMAIL_DOMAIN and SMTP_PORT must be set.'
            }
          />
        </Show>
        <fieldset>
          <legend>Sending (SMTP)</legend>
          <Field label="SMTP server" name="smtpHost" required value={email()?.smtp.host ?? ''} placeholder="smtp.example.com" />
          <Field label="SMTP port" name="smtpPort" type="number" inputmode="numeric" required value={String(email()?.smtp.port ?? 465)} />
          <SecuritySelect id={`${uid}-smtp-sec`} name="smtpSecurity" label="SMTP security" value={email()?.smtp.security ?? 'tls'} />
          <Field label="SMTP user name" name="smtpUser" autocomplete="off" value={email()?.smtp.user ?? ''} hint="Empty when the server needs no login." />
          <Field label="SMTP password" name="smtpPassword" type="password" autocomplete="new-password" hint={props.channel ? keepHint(set('smtpPassword')) : undefined} />
        </fieldset>
        <div class="field">
          <label for={`${uid}-signature`}>Signature</label>
          <textarea
            id={`${uid}-signature`}
            name="signature"
            rows={3}
            maxLength={2000}
            aria-describedby={`${uid}-signature-d`}
            aria-invalid={props.fields().signature ? 'true' : undefined}
          >
            {email()?.signature ?? ''}
          </textarea>
          <small id={`${uid}-signature-d`} classList={{ error: Boolean(props.fields().signature) }}>
            {props.fields().signature ?? 'Added below every e-mail reply from this channel.'}
          </small>
        </div>
      </FieldErrors>
      <div class="row">
        <button type="submit" class="primary">
          {props.channel ? 'Save changes' : 'Save e-mail channel'}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
