import { A, useNavigate, useParams } from '@solidjs/router';
import { createSignal, Match, Switch } from 'solid-js';
import { LIMITS } from '../../../shared/domain/limits';
import { acceptInvite, createInvitePreview } from '../../stores/authStore';
import { errorText, fieldErrors } from '../../stores/errors';
import { AuthCard } from '../../components/AuthCard';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { useSession } from '../../stores/session';

export function AcceptInvite() {
  const params = useParams<{ token: string }>();
  const session = useSession();
  const navigate = useNavigate();
  const [invite] = createInvitePreview(() => params.token);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  let formEl: HTMLFormElement | undefined;
  focusOnInvalid(() => formEl, fields);

  const join = async (account?: { name: string; email: string; password: string }) => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const { spaceId } = await acceptInvite(params.token, account);
      await session.refresh();
      navigate(`/s/${spaceId}/messages`, { replace: true });
    } catch (err) {
      const f = fieldErrors(err);
      setFields(Object.fromEntries(Object.entries(f).map(([k, v]) => [k.replace(/^account\./, ''), v])));
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const handleCreate = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    void join({ name: String(form.get('name')), email: String(form.get('email')), password: String(form.get('password')) });
  };

  return (
    <Switch>
      <Match when={invite.error}>
        <AuthCard title="This invite cannot be used">
          <p role="alert" class="form-error">
            {errorText(invite.error)}
          </p>
          <A href="/login">Go to sign in</A>
        </AuthCard>
      </Match>
      <Match when={invite()}>
        {(inv) => (
          <AuthCard title={`Join ${inv().spaceName}`} lead={`You are invited as ${inv().role}.`}>
            <Switch>
              <Match when={inv().signedInAs}>
                <p>Signed in as {inv().signedInAs}.</p>
                <FormError message={error()} />
                <button type="button" class="primary" disabled={busy()} onClick={() => void join()}>
                  Join space
                </button>
              </Match>
              <Match when={!inv().signedInAs}>
                <form ref={formEl} onSubmit={handleCreate} novalidate>
                  <Field label="Your name" name="name" autocomplete="name" required maxLength={LIMITS.nameMax} error={fields().name} />
                  <Field
                    label="E-mail"
                    name="email"
                    type="email"
                    autocomplete="email"
                    required
                    value={inv().email ?? ''}
                    readOnly={Boolean(inv().email)}
                    error={fields().email}
                  />
                  <Field
                    label="Password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    required
                    hint={`At least ${LIMITS.passwordMin} characters.`}
                    error={fields().password}
                  />
                  <FormError message={Object.keys(fields()).length ? null : error()} />
                  <button type="submit" class="primary" disabled={busy()}>
                    {busy() ? 'Joining…' : 'Create account and join'}
                  </button>
                </form>
                <p class="muted">
                  Already have an account? <A href={`/login?next=${encodeURIComponent(`/invite/${params.token}`)}`}>Sign in first</A>
                </p>
              </Match>
            </Switch>
          </AuthCard>
        )}
      </Match>
    </Switch>
  );
}
