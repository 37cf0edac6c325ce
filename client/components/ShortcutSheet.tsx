import { For } from 'solid-js';
import { createModalDialog } from './modalDialog';

/** Every keyboard shortcut of the Messages module, as shared/UI.md lists them. */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; does: string }> = [
  { keys: ['j'], does: 'Next conversation' },
  { keys: ['k'], does: 'Previous conversation' },
  { keys: ['↓'], does: 'Next conversation (on a queue row)' },
  { keys: ['↑'], does: 'Previous conversation (on a queue row)' },
  { keys: ['Enter'], does: 'Open the conversation' },
  { keys: ['r'], does: 'Reply: go to the message box' },
  { keys: ['Enter'], does: 'Send (in the message box)' },
  { keys: ['Shift', 'Enter'], does: 'New line (in the message box)' },
  { keys: ['/'], does: 'Snippets (in the message box)' },
  { keys: ['@'], does: 'Mention a teammate (in a comment)' },
  { keys: ['a'], does: 'Assign' },
  { keys: ['z'], does: 'Snooze (or unsnooze)' },
  { keys: ['Shift', 'C'], does: 'Close the conversation' },
  { keys: ['Esc'], does: 'Close a menu or dialog; leave the message box' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/**
 * The shortcut sheet (`?`): a native modal <dialog>, so focus is trapped and Esc closes it; focus
 * goes back to what had it before, even when that element re-rendered meanwhile it is looked up again.
 */
export function ShortcutSheet(props: { open: boolean; onClose: () => void }) {
  const modal = createModalDialog(() => props.open, () => props.onClose());
  return (
    <dialog ref={modal.ref} class="shortcut-sheet" aria-labelledby="shortcuts-title" onClose={modal.onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table class="shortcut-table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          <For each={SHORTCUTS}>
            {(s) => (
              <tr>
                <td>
                  <For each={s.keys}>{(k, i) => (i() > 0 ? <> + <kbd>{k}</kbd></> : <kbd>{k}</kbd>)}</For>
                </td>
                <td>{s.does}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <div class="actions">
        <button type="button" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
