import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { safeNextPath } from '../../../shared/domain/nextPath';
import { login } from '../../stores/authStore';
import { errorText } from '../../stores/errors';
import { AuthCard } from '../../components/AuthCard';
import { Field, FormError } from '../../components/Field';
import { useSession } from '../../stores/session';

export function LoginScreen() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await login(String(form.get('email')), String(form.get('password')));
      await session.refresh();
      // Only a path of this site: `//evil.example` or `/\evil.example` would leave it (open redirect).
      navigate(safeNextPath(params.next), { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in">
      <form onSubmit={handleSubmit} novalidate>
        <Field label="E-mail" name="email" type="email" autocomplete="email" required />
        <Field label="Password" name="password" type="password" autocomplete="current-password" required />
        <FormError message={error()} />
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
