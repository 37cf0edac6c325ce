import { createSignal, For, Show } from 'solid-js';
import { createMenu } from '../../components/menu';
import { snoozeChoices } from '../../components/snoozeText';
import { MenuButton } from '../../components/MenuButton';

/** A `datetime-local` value for a time (the agent's zone). */
const localValue = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/**
 * The Snooze control (`z`): a menu button. Its menu offers 1 hour, 3 hours, tomorrow and next
 * Monday at 09:00, and "until the customer writes"; below it a date and time of one's own (Tab
 * goes there). The arrows, Home and End move through the choices, Enter picks, Esc closes it and
 * focus goes back to the button.
 */
export function SnoozeMenu(props: { onSnooze: (until: number | null) => void; ref?: (el: HTMLButtonElement) => void }) {
  // Computed when the menu opens (from that moment's time), not while the conversation is built.
  const [choices, setChoices] = createSignal<ReturnType<typeof snoozeChoices>>([]);
  const [custom, setCustom] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const menu = createMenu({ onClose: () => setError(null) });
  const { open, close, focusItem } = menu;
  const toggle = () => {
    if (open()) return close();
    const now = Date.now();
    setChoices(snoozeChoices(now));
    setCustom(localValue(now + 24 * 3_600_000));
    menu.setOpen(true);
    queueMicrotask(() => focusItem(0));
  };
  const pick = (until: number | null) => {
    props.onSnooze(until);
    close();
  };
  const pickCustom = (e: SubmitEvent) => {
    e.preventDefault();
    const until = new Date(custom()).getTime();
    if (!custom() || Number.isNaN(until)) return setError('Enter a date and a time.');
    if (until < Date.now() + 60_000) return setError('Choose a time at least a minute from now.');
    pick(until);
  };
  return (
    <span class="assign">
      <MenuButton menu={menu} menuId="snooze-menu" keyshortcuts="z" onClick={toggle} ref={props.ref}>
        Snooze
      </MenuButton>
      <Show when={open()}>
        <div ref={menu.panelRef} class="popover assign-popover snooze-popover">
          <ul ref={menu.listRef} id="snooze-menu" class="member-options" role="menu" aria-label="Snooze conversation" onKeyDown={menu.handleListKey}>
            <For each={choices()}>
              {(c) => (
                <li role="none">
                  <button type="button" role="menuitem" tabIndex={-1} onClick={() => pick(c.until)}>
                    {c.label}
                  </button>
                </li>
              )}
            </For>
          </ul>
          <form class="snooze-custom" onSubmit={pickCustom} novalidate>
            <label>
              Until a date and time
              <input
                type="datetime-local"
                value={custom()}
                aria-invalid={error() ? 'true' : undefined}
                aria-describedby={error() ? 'snooze-error' : undefined}
                onInput={(e) => setCustom(e.currentTarget.value)}
              />
            </label>
            <button type="submit">Snooze until then</button>
            <Show when={error()}>
              <p id="snooze-error" class="field-error" role="alert">
                {error()}
              </p>
            </Show>
          </form>
        </div>
      </Show>
    </span>
  );
}
