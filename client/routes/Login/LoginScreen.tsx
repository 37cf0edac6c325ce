import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { safeNextPath } from '../../../shared/domain/nextPath';
import { login } from '../../stores/authStore';
import { errorText, fieldErrors } from '../../stores/errors';
import { AuthCard } from '../../components/AuthCard';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { splitErrors } from '../../components/formErrors';
import { useSession } from '../../stores/session';

export function LoginScreen() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  let formEl: HTMLFormElement | undefined;
  focusOnInvalid(() => formEl, fields);

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await login(String(form.get('email')), String(form.get('password')));
      await session.refresh();
      // Only a path of this site: `//evil.example` or `/\evil.example` would leave it (open redirect).
      navigate(safeNextPath(params.next), { replace: true });
    } catch (err) {
      const refused = splitErrors(fieldErrors(err), ['email', 'password'], errorText(err));
      setFields(refused.fields);
      setError(refused.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in">
      <form ref={formEl} onSubmit={handleSubmit} novalidate>
        <Field label="E-mail" name="email" type="email" autocomplete="email" required error={fields().email} />
        <Field label="Password" name="password" type="password" autocomplete="current-password" required error={fields().password} />
        <FormError message={error()} />
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
