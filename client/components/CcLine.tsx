import { createSignal, For, Show } from 'solid-js';

let n = 0;

/**
 * The Cc line of an e-mail reply: each address with its Remove button, and a box to add more
 * (Enter, a comma or leaving the box adds what was typed; a refused address stays in the box and
 * the reason is said beside it).
 */
export function CcLine(props: { addresses: string[]; error: string | null; onAdd: (text: string) => boolean; onRemove: (address: string) => void; onEdit?: () => void }) {
  const id = `cc-${++n}`;
  const [text, setText] = createSignal('');
  let box: HTMLInputElement | undefined;
  const commit = () => {
    if (!text().trim()) return true;
    const added = props.onAdd(text());
    if (added) setText('');
    return added;
  };
  return (
    <div class="cc-line" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} class="cc-label muted">
        Cc
      </span>
      <Show when={props.addresses.length > 0}>
      <ul class="cc-list" aria-label="Cc addresses">
        <For each={props.addresses}>
          {(address) => (
            <li class="cc-chip">
              <span>{address}</span>
              <button
                type="button"
                class="icon-button cc-remove"
                aria-label={`Remove ${address} from Cc`}
                onClick={() => {
                  props.onRemove(address);
                  box?.focus();
                }}
              >
                <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                  <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none" />
                </svg>
              </button>
            </li>
          )}
        </For>
      </ul>
      </Show>
      <label for={`${id}-input`} class="sr-only">
        Add Cc address
      </label>
      <input
        id={`${id}-input`}
        ref={box}
        type="text"
        inputmode="email"
        autocomplete="off"
        class="cc-input"
        placeholder={props.addresses.length ? 'Add another' : 'Add an address'}
        maxLength={1000}
        value={text()}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onInput={(e) => {
          const value = e.currentTarget.value;
          props.onEdit?.();
          // A comma or semicolon ends an address.
          if (/[,;]\s*$/.test(value)) {
            setText(value);
            commit();
          } else setText(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.isComposing) {
            e.preventDefault();
            commit();
          }
        }}
        onBlur={() => commit()}
      />
      <Show when={props.error}>
        <p id={`${id}-error`} class="form-error cc-error" role="alert">
          {props.error}
        </p>
      </Show>
    </div>
  );
}
