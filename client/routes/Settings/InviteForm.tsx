import { createSignal, For, Show } from 'solid-js';
import { ROLES, canInviteAs, type Role } from '../../../shared/domain/permissions';
import { errorText, fieldErrors } from '../../stores/errors';
import { createInvite, createPendingInvitesResource, revokeInvite } from '../../stores/invitesStore';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { splitErrors } from '../../components/formErrors';
import { CopyField } from '../../components/CopyField';
import { useSpace } from '../../stores/space';

/** Create a one-time invite link, and see or revoke the pending ones. */
export function InviteForm() {
  const space = useSpace();
  const [pending, { refetch }] = createPendingInvitesResource();
  const [link, setLink] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  let formEl: HTMLFormElement | undefined;
  focusOnInvalid(() => formEl, fields);

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(form.get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const invite = await createInvite(space.spaceId(), String(form.get('role')) as Role, email || undefined);
      setLink(`${location.origin}${invite.path}`);
      await refetch();
    } catch (err) {
      const refused = splitErrors(fieldErrors(err), ['email'], errorText(err));
      setFields(refused.fields);
      setError(refused.message);
    } finally {
      setBusy(false);
    }
  };

  const handleRevoke = async (inviteId: string) => {
    setError(null);
    try {
      await revokeInvite(space.spaceId(), inviteId);
    } catch (err) {
      setError(errorText(err));
    }
    await refetch();
  };

  return (
    <section aria-labelledby="invite-title" class="card">
      <h3 id="invite-title">Invite a member</h3>
      <form ref={formEl} class="inline" onSubmit={handleSubmit} novalidate>
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" name="role">
            <For each={ROLES.filter((r) => canInviteAs(space.role()!, r))}>{(r) => <option value={r} selected={r === 'agent'}>{r}</option>}</For>
          </select>
        </div>
        <Field label="E-mail (optional)" name="email" type="email" hint="Only this address can use the link." error={fields().email} />
        <button type="submit" class="primary" disabled={busy()}>
          Create invite link
        </button>
      </form>
      <FormError message={error()} />
      <Show when={link()}>
        {(l) => <CopyField label="Invite link" what="invite link" value={l()} hint="Send this link to the person you invite. It works once and expires in 7 days." />}
      </Show>
      <Show when={(pending()?.length ?? 0) > 0}>
        <h4>Pending invites</h4>
        <ul class="plain">
          <For each={pending()}>
            {(i) => (
              <li>
                {i.email ?? 'Anyone with the link'} · {i.role} · expires {new Date(i.expiresAt).toLocaleDateString()}{' '}
                <button type="button" aria-label={`Revoke invite for ${i.email ?? 'anyone with the link'} as ${i.role}`} onClick={() => void handleRevoke(i.id)}>
                  Revoke
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
