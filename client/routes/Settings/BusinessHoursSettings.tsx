import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { errorText } from '../../stores/errors';
import { createBusinessHoursResource, saveBusinessHours } from '../../stores/settingsStore';
import { FormError } from '../../components/Field';
import { useSpace } from '../../stores/space';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Settings → Business hours: the time zone and each day's opening hours (workflow conditions use them). */
export function BusinessHoursSettings() {
  const space = useSpace();
  const [hours, { refetch }] = createBusinessHoursResource();
  return (
    <section aria-labelledby="hours-title">
      <h2 id="hours-title">Business hours</h2>
      <Show when={hours.state === 'ready'}>
        <HoursForm initial={hours() ?? null} canEdit={space.can('settings.manage')} onSaved={() => void refetch()} />
      </Show>
    </section>
  );
}

function HoursForm(props: { initial: { timeZone: string; days: Record<number, Array<[string, string]>> } | null; canEdit: boolean; onSaved: () => void }) {
  const space = useSpace();
  const [timeZone, setTimeZone] = createSignal(props.initial?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [days, setDays] = createStore(
    DAYS.map((_, d) => {
      const range = props.initial?.days[d]?.[0];
      return { open: props.initial ? Boolean(range) : d >= 1 && d <= 5, start: range?.[0] ?? '09:00', end: range?.[1] ?? '17:00' };
    }),
  );
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);

  const handleSave = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const map: Record<number, Array<[string, string]>> = {};
      days.forEach((d, i) => (map[i] = d.open ? [[d.start, d.end]] : []));
      await saveBusinessHours(space.spaceId(), { timeZone: timeZone(), days: map });
      setSaved(true);
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <form onSubmit={handleSave}>
      <fieldset disabled={!props.canEdit}>
        <div class="field">
          <label for="hours-tz">Time zone</label>
          <input id="hours-tz" value={timeZone()} onInput={(e) => setTimeZone(e.currentTarget.value)} placeholder="e.g. Europe/Berlin" />
        </div>
        <table class="list">
          <tbody>
            <For each={DAYS}>
              {(day, i) => (
                <tr>
                  <th scope="row">
                    <label>
                      <input type="checkbox" checked={days[i()]!.open} onChange={(e) => setDays(i(), 'open', e.currentTarget.checked)} /> {day}
                    </label>
                  </th>
                  <td>
                    <input type="time" aria-label={`${day} opens`} value={days[i()]!.start} disabled={!days[i()]!.open} onInput={(e) => setDays(i(), 'start', e.currentTarget.value)} />
                    {' – '}
                    <input type="time" aria-label={`${day} closes`} value={days[i()]!.end} disabled={!days[i()]!.open} onInput={(e) => setDays(i(), 'end', e.currentTarget.value)} />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <button type="submit" class="primary">
          Save business hours
        </button>
      </fieldset>
      <FormError message={error()} />
      <Show when={saved()}>
        <p role="status">Saved.</p>
      </Show>
    </form>
  );
}
