import { useNavigate } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { LIMITS } from '../../../shared/domain/limits';
import { setupFirstSpace } from '../../stores/authStore';
import { errorText, fieldErrors } from '../../stores/errors';
import { AuthCard } from '../../components/AuthCard';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { useSession } from '../../stores/session';

/** First run: the owner account and the first space. */
export function SetupScreen() {
  const session = useSession();
  const navigate = useNavigate();
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
      const { space } = await setupFirstSpace({
        name: String(form.get('name')),
        email: String(form.get('email')),
        password: String(form.get('password')),
        spaceName: String(form.get('spaceName')),
      });
      await session.refresh();
      navigate(`/s/${space.id}/messages`, { replace: true });
    } catch (err) {
      setFields(fieldErrors(err));
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Set up Kaon" lead="Create the owner account and your team's first space. You can invite your team next.">
      <form ref={formEl} onSubmit={handleSubmit} novalidate>
        <Field label="Your name" name="name" autocomplete="name" required maxLength={LIMITS.nameMax} error={fields().name} />
        <Field label="E-mail" name="email" type="email" autocomplete="email" required error={fields().email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minLength={LIMITS.passwordMin}
          hint={`At least ${LIMITS.passwordMin} characters.`}
          error={fields().password}
        />
        <Field label="Space name" name="spaceName" required maxLength={LIMITS.spaceNameMax} placeholder="e.g. Acme Support" error={fields().spaceName} />
        <FormError message={Object.keys(fields()).length ? null : error()} />
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Creating…' : 'Create space'}
        </button>
      </form>
    </AuthCard>
  );
}
