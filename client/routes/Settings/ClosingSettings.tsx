import { createSignal, Show } from 'solid-js';
import { CLOSING_POLICIES, type ClosingPolicy } from '../../../shared/domain/closingNote';
import { AUTO_CLOSE_MAX_HOURS } from '../../../shared/domain/snooze';
import { errorText } from '../../stores/errors';
import { createClosingSettingsResource, saveClosingSettings } from '../../stores/settingsStore';
import { FormError } from '../../components/Field';
import { useSpace } from '../../stores/space';

const LABELS: Record<ClosingPolicy, string> = {
  off: 'Off: close without a note',
  optional: 'Optional: agents may add a note',
  category: 'Category required',
  categoryAndSummary: 'Category and summary required',
};

/** Settings → Closing notes: the policy, the categories agents pick from, and auto-close (off by default). */
export function ClosingSettings() {
  const space = useSpace();
  const [settings, { refetch }] = createClosingSettingsResource();
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);

  const handleSave = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setError(null);
    setSaved(false);
    const autoClose = form.get('autoClose') === 'on';
    const hours = Number(form.get('autoCloseHours'));
    if (autoClose && (!Number.isInteger(hours) || hours < 1 || hours > AUTO_CLOSE_MAX_HOURS)) {
      setError(`Auto-close: enter a whole number of hours from 1 to ${AUTO_CLOSE_MAX_HOURS}.`);
      document.getElementById('auto-close-hours')?.focus();
      return;
    }
    try {
      await saveClosingSettings(
        space.spaceId(),
        String(form.get('policy')) as ClosingPolicy,
        String(form.get('categories') ?? '')
          .split('\n')
          .map((c) => c.trim())
          .filter(Boolean),
        autoClose ? hours : null,
      );
      setSaved(true);
      await refetch();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="closing-title">
      <h2 id="closing-title">Closing notes</h2>
      <Show when={settings()}>
        {(s) => (
          <form onSubmit={handleSave} novalidate>
            <fieldset disabled={!space.can('settings.manage')}>
              <legend>When an agent closes a conversation</legend>
              {CLOSING_POLICIES.map((p) => (
                <label class="radio">
                  <input type="radio" name="policy" value={p} checked={s().policy === p} /> {LABELS[p]}
                </label>
              ))}
              <div class="field">
                <label for="closing-categories">Categories (one per line)</label>
                <textarea id="closing-categories" name="categories" rows={6} value={s().categories.join('\n')} />
              </div>
              <label class="checkbox">
                <input type="checkbox" name="autoClose" checked={s().autoCloseHours !== null} /> Close conversations automatically when the customer has not written for a while
              </label>
              <div class="field">
                <label for="auto-close-hours">Hours without a customer message before closing</label>
                <input id="auto-close-hours" name="autoCloseHours" aria-describedby="auto-close-hint" type="number" min="1" max={AUTO_CLOSE_MAX_HOURS} step="1" value={s().autoCloseHours ?? 24} />
                <p class="hint" id="auto-close-hint">Closed with the note “Auto-closed”. Snoozed conversations are left alone.</p>
              </div>
              <button type="submit" class="primary">
                Save closing notes
              </button>
            </fieldset>
          </form>
        )}
      </Show>
      <FormError message={error()} />
      <Show when={saved()}>
        <p role="status">Saved.</p>
      </Show>
    </section>
  );
}
